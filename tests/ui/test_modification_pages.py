"""The modification register: search and filters, aliases that redirect, and where a modification has been."""

import pytest
from django.urls import reverse

from tests.factories import ModificationFactory

pytestmark = pytest.mark.django_db


def test_it_filters_by_phase_route_release_and_impacts(client_as, panel_user, november):
    wanted = ModificationFactory(
        reference="MP084", title="Wanted", phase="approved", route="self_governance", impacts_duis="yes"
    )
    ModificationFactory(reference="MP088", title="Unwanted", phase="development")
    client = client_as(panel_user)
    url = reverse("modifications:list")
    page = client.get(url, {"phase": "approved", "route": "self_governance", "impacts_duis": "yes"})
    assert [m.reference for m in page.context["page"]] == [wanted.reference]
    in_november = client.get(url, {"release": november.slug}).context["page"]
    assert {m.reference for m in in_november} == set(
        november.scope_items.values_list("modification__reference", flat=True)
    )


def test_it_searches_by_alias_and_title(client_as, panel_user, db):
    modification = ModificationFactory(reference="MP093", title="Single Sign-On")
    modification.add_alias("SECMP0093")
    client = client_as(panel_user)
    assert [m.reference for m in client.get(reverse("modifications:list"), {"q": "secmp0093"}).context["page"]] == [
        "MP093"
    ]
    assert [m.reference for m in client.get(reverse("modifications:list"), {"q": "sign-on"}).context["page"]] == [
        "MP093"
    ]


def test_an_alias_redirects_to_the_canonical_page(client_as, panel_user, db):
    modification = ModificationFactory(reference="SECMP0062", title="Enduring Change of Supplier")
    modification.add_alias("SEC Mod 62")
    response = client_as(panel_user).get(reverse("modifications:detail", kwargs={"reference": "SEC Mod 62"}))
    assert response.status_code == 302
    assert response["Location"] == reverse("modifications:detail", kwargs={"reference": "SECMP0062"})


def test_an_unknown_reference_is_a_clear_404(client_as, panel_user, db):
    response = client_as(panel_user).get(reverse("modifications:detail", kwargs={"reference": "MP999"}))
    assert response.status_code == 404
    assert "No modification is known as “MP999”" in response.content.decode()


def test_it_shows_where_a_modification_has_been_release_by_release(client_as, panel_user, november):
    moved = november.scope_items.exclude(replaces=None).select_related("modification").first()
    html = (
        client_as(panel_user)
        .get(reverse("modifications:detail", kwargs={"reference": moved.modification.reference}))
        .content.decode()
    )
    assert "June before November 2020 SEC Release" in html and "Deferred" in html
    assert "November 2020 SEC Release" in html and "Targeted (decision pending)" in html
    history = client_as(panel_user).get(
        reverse("modifications:history", kwargs={"reference": moved.modification.reference})
    )
    assert "Inclusion: Targeted (decision pending) → Deferred" in history.content.decode()
