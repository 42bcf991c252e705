"""SECAS edits a release's scope in the browser: add, change, move, remove; rules and stale edits refused."""

import datetime

import pytest
from django.urls import reverse

from releases.models import ScopeItem
from tests.factories import ModificationFactory

pytestmark = pytest.mark.django_db


def active_item(release):
    return release.scope_items.filter(inclusion="targeted").select_related("modification").first()


def change_data(item, **overrides):
    data = {
        "inclusion": item.inclusion,
        "cut_off_date": item.cut_off_date.isoformat() if item.cut_off_date else "",
        "fall_back_release": item.fall_back_release_id or "",
        "status_note": item.status_note,
        "last_seen": item.updated_at.isoformat(),
        "reason": "",
    }
    data.update(overrides)
    return data


def test_secas_adds_a_modification_to_the_scope_by_an_alias(client_as, secas_user, november):
    modification = ModificationFactory(reference="SECMP0062", title="Enduring Change of Supplier")
    modification.add_alias("SEC Mod 62")
    url = reverse("releases:scope-add", kwargs={"slug": november.slug})
    response = client_as(secas_user).post(
        url, {"modification": "SEC Mod 62", "part": "Part 2", "inclusion": "targeted", "cut_off_date": "2020-10-01"}
    )
    item = ScopeItem.objects.get(modification=modification)
    assert response.status_code == 303
    assert response["Location"] == reverse("releases:detail", kwargs={"slug": november.slug}) + f"#item-{item.pk}"
    assert (item.release, item.part, item.cut_off_date) == (november, "Part 2", datetime.date(2020, 10, 1))
    assert item.history.first().history_user == secas_user


def test_it_shows_an_unknown_reference_beside_the_field(client_as, secas_user, november):
    url = reverse("releases:scope-add", kwargs={"slug": november.slug})
    response = client_as(secas_user).post(url, {"modification": "MP999", "inclusion": "targeted"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["modification"] == ["No modification is known as “MP999”."]
    assert 'aria-invalid="true"' in response.content.decode()


def test_it_shows_a_cut_off_after_go_live_beside_the_cut_off_field(client_as, secas_user, november):
    modification = ModificationFactory()
    url = reverse("releases:scope-add", kwargs={"slug": november.slug})
    response = client_as(secas_user).post(
        url, {"modification": modification.reference, "inclusion": "targeted", "cut_off_date": "2020-12-01"}
    )
    assert response.context["form"].errors["cut_off_date"] == [
        "The decision cut-off must fall before the release's go-live date."
    ]
    assert not ScopeItem.objects.filter(modification=modification).exists()


def test_it_explains_a_scope_rule_above_the_form(client_as, secas_user, november):
    item = active_item(november)
    url = reverse("releases:scope-add", kwargs={"slug": november.slug})
    response = client_as(secas_user).post(url, {"modification": item.modification.reference, "inclusion": "targeted"})
    errors = response.context["form"].non_field_errors()
    assert "cannot be active twice" in errors[0] or "already approved or targeted" in errors[0]
    assert 'class="errorlist nonfield"' in response.content.decode()


def test_secas_changes_the_cut_off_and_the_history_shows_it(client_as, secas_user, november):
    item = active_item(november)
    client = client_as(secas_user)
    url = reverse("releases:scope-change", kwargs={"slug": november.slug, "pk": item.pk})
    response = client.post(url, change_data(item, cut_off_date="2020-09-15", reason="Change Board moved"))
    assert response.status_code == 303
    item.refresh_from_db()
    assert item.cut_off_date == datetime.date(2020, 9, 15)
    page = client.get(reverse("releases:history", kwargs={"slug": november.slug})).content.decode()
    assert "Cut-off: 1 Sep 2020 → 15 Sep 2020" in page
    assert "Change Board moved" in page and "sally-secas" in page


def test_it_refuses_a_save_over_someone_elses_newer_edit(client_as, secas_user, november):
    item = active_item(november)
    seen = item.updated_at.isoformat()
    item.update(status_note="Someone else's newer words", reason="their edit")
    url = reverse("releases:scope-change", kwargs={"slug": november.slug, "pk": item.pk})
    response = client_as(secas_user).post(url, {**change_data(item, status_note="Mine"), "last_seen": seen})
    assert response.status_code == 200
    assert "Someone else saved a newer version" in response.content.decode()
    item.refresh_from_db()
    assert item.status_note == "Someone else's newer words"


def test_secas_moves_an_item_to_another_release_with_a_reason(client_as, secas_user, november):
    item = active_item(november)
    target = item.fall_back_release
    url = reverse("releases:scope-move", kwargs={"slug": november.slug, "pk": item.pk})
    response = client_as(secas_user).post(
        url, {"to": target.pk, "reason": "Not ready", "last_seen": item.updated_at.isoformat()}
    )
    assert response.status_code == 303
    item.refresh_from_db()
    assert item.inclusion == "deferred"
    assert ScopeItem.objects.get(replaces=item).release == target


def test_a_move_needs_a_reason_shown_beside_the_field(client_as, secas_user, november):
    item = active_item(november)
    url = reverse("releases:scope-move", kwargs={"slug": november.slug, "pk": item.pk})
    response = client_as(secas_user).post(
        url, {"to": item.fall_back_release_id, "last_seen": item.updated_at.isoformat()}
    )
    assert response.context["form"].errors["reason"] == ["This field is required."]


def test_secas_removes_an_item_with_a_reason(client_as, secas_user, november):
    item = active_item(november)
    url = reverse("releases:scope-remove", kwargs={"slug": november.slug, "pk": item.pk})
    response = client_as(secas_user).post(url, {"reason": "Withdrawn", "last_seen": item.updated_at.isoformat()})
    assert response.status_code == 303
    item.refresh_from_db()
    assert (item.inclusion, item.change_reason) == ("removed", "Withdrawn")


def test_the_edit_forms_have_their_own_pages_without_javascript(client_as, secas_user, november):
    item = active_item(november)
    client = client_as(secas_user)
    for name in ("releases:scope-change", "releases:scope-move", "releases:scope-remove"):
        response = client.get(reverse(name, kwargs={"slug": november.slug, "pk": item.pk}))
        assert response.status_code == 200
        assert "<!doctype html>" in response.content.decode()


def test_htmx_gets_just_the_form_and_a_redirect_after_saving(client_as, secas_user, november):
    item = active_item(november)
    client = client_as(secas_user)
    url = reverse("releases:scope-change", kwargs={"slug": november.slug, "pk": item.pk})
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith("<form") and "<!doctype" not in partial
    bad = client.post(url, change_data(item, cut_off_date="2021-01-01"), headers={"HX-Request": "true"})
    assert bad.content.decode().startswith("<form") and "before the release" in bad.content.decode()
    good = client.post(url, change_data(item, status_note="New"), headers={"HX-Request": "true"})
    assert good["HX-Redirect"].endswith(f"#item-{item.pk}")


@pytest.mark.parametrize("role", ["panel_user", "dcc_user", "outsider"])
def test_only_secas_may_change_the_scope(request, client_as, november, role):
    client = client_as(request.getfixturevalue(role))
    item = active_item(november)
    modification = ModificationFactory()
    kwargs = {"slug": november.slug, "pk": item.pk}
    posts = [
        (reverse("releases:scope-add", kwargs={"slug": november.slug}), {"modification": modification.reference}),
        (reverse("releases:scope-change", kwargs=kwargs), change_data(item, status_note="x")),
        (reverse("releases:scope-move", kwargs=kwargs), {"to": item.fall_back_release_id, "reason": "x"}),
        (reverse("releases:scope-remove", kwargs=kwargs), {"reason": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
        assert client.get(url).status_code in (403, 405), url
    item.refresh_from_db()
    assert item.inclusion == "targeted" and item.status_note != "x"
    assert not ScopeItem.objects.filter(modification=modification).exists()


def test_anonymous_posts_go_to_the_login_page(client, november):
    item = active_item(november)
    url = reverse("releases:scope-remove", kwargs={"slug": november.slug, "pk": item.pk})
    response = client.post(url, {"reason": "x"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_htmx_save_on_the_release_page_reloads_it_in_place(client_as, secas_user, november):
    item = active_item(november)
    url = reverse("releases:scope-change", kwargs={"slug": november.slug, "pk": item.pk})
    page = "http://testserver" + reverse("releases:detail", kwargs={"slug": november.slug}) + "#scope"
    response = client_as(secas_user).post(
        url, change_data(item, status_note="New"), headers={"HX-Request": "true", "HX-Current-URL": page}
    )
    assert response["HX-Refresh"] == "true"
