"""The register in the browser: add a modification with its impacts and key dates, edit it, target it for a
release, and who may do which (SECAS writes; the DCC and the Panel read)."""

import datetime

import pytest
from django.urls import reverse

from modifications.models import DocumentImpact, KeyDate, Modification, ParticipantImpact, SecDocument
from tests.factories import ChangeRequestFactory, ModificationFactory, ReleaseFactory

pytestmark = pytest.mark.django_db


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


def new_modification_data(**fields) -> dict:
    data = {
        "reference": "MP150",
        "title": "Auxiliary Proportional Load Control",
        "summary": "changes the GBCS.",
        "url": "https://smartenergycodecompany.co.uk/modifications/mp150/",
        "phase": "report_phase",
        "route": "self_governance",
        "impacts_dcc_systems": "on",
        "impacts_duis": "tbc",
        "impacts_gbcs": "yes",
        "impacts_ch_firmware": "no",
        "reason": "Raised at the Panel",
        **formset("impacts", [{"participant": "suppliers", "area": "", "summary": "Suppliers change their systems."}]),
        **formset("dates", [{"date": "2020-02-20", "event": "Panel approves the Modification Report", "source": ""}]),
    }
    data.update(fields)
    return data


def test_secas_adds_a_modification_with_its_impacts_documents_and_key_dates(client_as, secas_user):
    section_a = SecDocument.objects.create(code="Section A", title="Definitions and Interpretation")
    response = client_as(secas_user).post(reverse("modifications:new"), new_modification_data(documents=[section_a.pk]))
    assert response.status_code == 303
    assert response["Location"] == reverse("modifications:detail", kwargs={"reference": "MP150"})
    modification = Modification.objects.get(reference="MP150")
    assert modification.impacts_duis == "tbc" and modification.impacts_dcc_systems
    assert ParticipantImpact.objects.get(modification=modification).summary == "Suppliers change their systems."
    assert KeyDate.objects.get(modification=modification).date == datetime.date(2020, 2, 20)
    assert DocumentImpact.objects.get(modification=modification).document == section_a
    assert modification.history.first().history_change_reason == "Raised at the Panel"
    page = client_as(secas_user).get(response["Location"]).content.decode()
    assert "Suppliers change their systems." in page and "Section A ‘Definitions and Interpretation’" in page


def test_a_bad_reference_is_shown_beside_the_field_and_nothing_is_lost(client_as, secas_user):
    response = client_as(secas_user).post(reverse("modifications:new"), new_modification_data(reference="MOD 150"))
    assert response.status_code == 200
    assert response.context["form"].errors["reference"]
    assert "Auxiliary Proportional Load Control" in response.content.decode()
    assert not Modification.objects.filter(title="Auxiliary Proportional Load Control").exists()


def test_a_taken_reference_is_refused(client_as, secas_user):
    ModificationFactory(reference="MP150")
    response = client_as(secas_user).post(reverse("modifications:new"), new_modification_data())
    assert "already exists" in str(response.context["form"].errors["reference"])


def test_secas_edits_a_modification_and_removes_an_impact_row_with_the_reason_in_history(client_as, secas_user):
    modification = ModificationFactory(reference="MP151", title="Old title", route="self_governance")
    impact = ParticipantImpact.objects.create(modification=modification, participant="dcc", summary="DSP change")
    client = client_as(secas_user)
    form = client.get(reverse("modifications:edit", kwargs={"reference": "MP151"})).context["form"]
    data = {
        "last_seen": form.initial["last_seen"],
        "title": "New title",
        "phase": "development",
        "route": "self_governance",
        "reason": "Title as the Panel paper writes it",
        **formset("impacts", [{"id": impact.pk, "participant": "dcc", "area": "", "summary": "x", "DELETE": "on"}], 1),
        **formset("dates", []),
    }
    response = client.post(reverse("modifications:edit", kwargs={"reference": "MP151"}), data)
    assert response.status_code == 303
    modification.refresh_from_db()
    assert modification.title == "New title"
    assert modification.history.first().history_change_reason == "Title as the Panel paper writes it"
    assert not ParticipantImpact.objects.filter(pk=impact.pk).exists()
    assert ParticipantImpact.history.filter(id=impact.pk).first().history_change_reason == (
        "Title as the Panel paper writes it"
    )


def test_a_stale_edit_is_refused_and_shows_the_form_again(client_as, secas_user):
    modification = ModificationFactory(reference="MP152", title="First")
    client = client_as(secas_user)
    seen = client.get(reverse("modifications:edit", kwargs={"reference": "MP152"})).context["form"].initial
    modification.title = "Someone else's"
    modification.save()
    data = {"last_seen": seen["last_seen"], "title": "Mine", **formset("impacts", []), **formset("dates", [])}
    response = client.post(reverse("modifications:edit", kwargs={"reference": "MP152"}), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    modification.refresh_from_db()
    assert modification.title == "Someone else's"


def test_the_edit_form_leaves_decision_phases_to_recording_a_decision(client_as, secas_user):
    ModificationFactory(reference="MP153")
    form = client_as(secas_user).get(reverse("modifications:edit", kwargs={"reference": "MP153"})).context["form"]
    offered = [value for value, _ in form.fields["phase"].choices]
    assert "approved" not in offered and "rejected" not in offered and "development" in offered


def test_secas_targets_a_modification_for_a_release_with_a_cut_off(client_as, secas_user, november):
    modification = ModificationFactory(reference="MP154")
    response = client_as(secas_user).post(
        reverse("modifications:target", kwargs={"reference": "MP154"}),
        {"release": november.pk, "part": "", "cut_off_date": "2020-09-01", "status_note": "Vote in May"},
    )
    assert response.status_code == 303
    item = modification.scope_items.get()
    assert item.release == november and item.inclusion == "targeted"
    assert item.cut_off_date == datetime.date(2020, 9, 1)


def test_targeting_a_second_release_is_refused_beside_the_form(client_as, secas_user, november):
    other = ReleaseFactory(implementation_date=datetime.date(2021, 6, 24))
    modification = ModificationFactory(reference="MP155")
    client = client_as(secas_user)
    url = reverse("modifications:target", kwargs={"reference": "MP155"})
    client.post(url, {"release": november.pk})
    response = client.post(url, {"release": other.pk})
    assert response.status_code == 200
    assert "cannot be active twice" in response.content.decode()
    assert modification.scope_items.count() == 1


WRITE_PAGES = ["new", "edit", "decide", "target", "dependency-add", "promote"]


def write_url(name: str) -> str:
    if name == "new":
        return reverse("modifications:new")
    return reverse(f"modifications:{name}", kwargs={"reference": "DP160"})


@pytest.mark.parametrize("role", ["dcc_user", "panel_user", "outsider"])
@pytest.mark.parametrize("name", WRITE_PAGES)
def test_roles_that_may_not_edit_the_register_get_403_and_no_links(client_as, request, role, name):
    ModificationFactory(reference="DP160")
    client = client_as(request.getfixturevalue(role))
    assert client.get(write_url(name)).status_code == 403
    assert client.post(write_url(name), {"title": "x"}).status_code == 403
    if role != "outsider":
        page = client.get(reverse("modifications:detail", kwargs={"reference": "DP160"})).content.decode()
        listing = client.get(reverse("modifications:list")).content.decode()
        assert write_url(name) not in page + listing


@pytest.mark.parametrize("name", WRITE_PAGES)
def test_secas_sees_the_links_to_every_write_page(client_as, secas_user, name):
    ModificationFactory(reference="DP160")
    client = client_as(secas_user)
    page = client.get(reverse("modifications:detail", kwargs={"reference": "DP160"})).content.decode()
    page += client.get(reverse("modifications:list")).content.decode()
    assert write_url(name) in page
    assert client.get(write_url(name)).status_code == 200


PAGE_QUERIES = {"detail": 16, "edit": 8, "decide": 4, "target": 7}


@pytest.mark.parametrize("size", [1, 8])
@pytest.mark.parametrize("name", PAGE_QUERIES)
def test_each_modification_page_runs_the_same_queries_however_much_it_holds(
    client_as, secas_user, november, django_assert_num_queries, name, size
):
    modification = ModificationFactory(reference="MP170", route="self_governance")
    for i in range(size):
        document = SecDocument.objects.create(code=f"Appendix {i}")
        DocumentImpact.objects.create(modification=modification, document=document)
        ParticipantImpact.objects.create(modification=modification, participant="dcc", area=f"Area {i}")
        KeyDate.objects.create(modification=modification, date=datetime.date(2020, 1, 1 + i), event=f"Event {i}")
        modification.depend_on(ChangeRequestFactory(release=november))
    client = client_as(secas_user)
    url = reverse(f"modifications:{name}", kwargs={"reference": "MP170"})
    client.get(url)
    with django_assert_num_queries(PAGE_QUERIES[name]):
        assert client.get(url).status_code == 200


def test_secas_promotes_a_draft_proposal_which_keeps_its_record_and_old_reference(client_as, secas_user):
    draft = ModificationFactory(reference="DP124", title="Draft")
    client = client_as(secas_user)
    detail = client.get(reverse("modifications:detail", kwargs={"reference": "DP124"})).content.decode()
    url = reverse("modifications:promote", kwargs={"reference": "DP124"})
    assert url in detail
    seen = client.get(url).context["form"].initial["last_seen"]
    response = client.post(url, {"last_seen": seen, "reason": "Panel paper SECP_80_1204"})
    assert response.status_code == 303
    assert response["Location"] == reverse("modifications:detail", kwargs={"reference": "MP124"})
    draft.refresh_from_db()
    assert draft.reference == "MP124"
    assert Modification.objects.by_reference("DP124") == draft
    assert draft.history.first().history_change_reason == "Panel paper SECP_80_1204"


def test_promoting_a_modification_proposal_is_refused_on_the_form(client_as, secas_user):
    ModificationFactory(reference="MP125")
    client = client_as(secas_user)
    url = reverse("modifications:promote", kwargs={"reference": "MP125"})
    seen = client.get(url).context["form"].initial["last_seen"]
    response = client.post(url, {"last_seen": seen})
    assert "MP125 is not a Draft Proposal." in response.context["form"].non_field_errors()
