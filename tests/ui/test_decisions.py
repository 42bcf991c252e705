"""Recording a decision on a modification, at every door (browser, API, admin): one verb,
Modification.record_decision, sets the phase and settles the scope items, and refuses alike."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory

pytestmark = pytest.mark.django_db
VOTE_DAY = datetime.date(2020, 2, 27)


@pytest.fixture
def targeted(november):
    """A Self-Governance modification targeted for November 2020, its Change Board vote due."""
    modification = ModificationFactory(reference="MP180", route="self_governance", phase="change_board")
    item = ScopeItemFactory(
        release=november, modification=modification, cut_off_date=datetime.date(2020, 9, 1), added_on=VOTE_DAY
    )
    return item


def decide_url(reference="MP180"):
    return reverse("modifications:decide", kwargs={"reference": reference})


def hidden_fields_of(page: str, after: str = 'id="confirm-decision-form"') -> dict:
    """What the confirm page's form sends back: its hidden fields, as the browser would post them."""
    form = page[page.index(after) :]
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    return {name: html.unescape(value) for name, value in fields}


def decision(client, reference="MP180", **fields):
    form = client.get(decide_url(reference)).context["form"]
    data = {"last_seen": form.initial["last_seen"], "date": VOTE_DAY.isoformat(), **fields}
    return client.post(decide_url(reference), data)


def test_a_change_board_approval_approves_its_targeted_item_as_of_the_vote(client_as, secas_user, targeted):
    client = client_as(secas_user)
    response = decision(client, body="change_board", outcome="approve", paper="CB_54_2702")
    assert response.status_code == 303
    targeted.refresh_from_db()
    targeted.modification.refresh_from_db()
    assert targeted.modification.phase == "approved"
    assert targeted.inclusion == "approved" and targeted.counts_as_approved
    assert "27 February 2020" in targeted.history.first().history_change_reason
    key_date = targeted.modification.key_dates.get()
    assert key_date.date == VOTE_DAY and key_date.source == "CB_54_2702"
    page = client.get(response["Location"]).content.decode()
    assert "Approved for inclusion" in page and "now approved" in page


def test_an_exception_item_is_approved_but_still_needs_the_panels_exception_approval(client_as, secas_user, november):
    modification = ModificationFactory(reference="MP181", route="self_governance", impacts_dcc_systems=True)
    # Added after November 2020's DCC-System scope lock: an exception (rule 1).
    item = ScopeItemFactory(release=november, modification=modification, added_on=datetime.date(2020, 1, 10))
    assert item.is_exception
    decision(client_as(secas_user), "MP181", body="change_board", outcome="approve")
    item.refresh_from_db()
    assert item.inclusion == "approved" and not item.counts_as_approved


def test_a_rejection_asks_first_listing_the_items_and_their_fate(client_as, secas_user, targeted):
    client = client_as(secas_user)
    response = decision(client, body="change_board", outcome="reject", reason="Not “supported” & late")
    assert response.status_code == 200
    page = response.content.decode()
    assert "The Change Board rejected MP180 (Self-Governance) on 27 February 2020" in page
    assert "Removed from scope" in page and targeted.release.name in page
    targeted.refresh_from_db()
    assert targeted.inclusion == "targeted" and targeted.modification.phase == "change_board"

    done = client.post(decide_url(), hidden_fields_of(page))
    assert done.status_code == 303
    targeted.refresh_from_db()
    assert targeted.inclusion == "removed"
    assert "Not “supported” & late" in targeted.change_reason
    assert targeted.modification.phase == "rejected"


def test_an_authority_send_back_keeps_the_item_targeted_after_confirming(client_as, secas_user, november):
    modification = ModificationFactory(reference="MP182", route="authority_determination", phase="with_authority")
    item = ScopeItemFactory(release=november, modification=modification, cut_off_date=datetime.date(2020, 9, 1))
    client = client_as(secas_user)
    response = decision(client, "MP182", body="authority", outcome="send_back")
    page = response.content.decode()
    assert "Stays targeted" in page and "lapses after its cut-off (1 September 2020)" in page
    client.post(decide_url("MP182"), hidden_fields_of(page))
    item.refresh_from_db()
    modification.refresh_from_db()
    assert item.inclusion == "targeted" and modification.phase == "sent_back"


def test_a_change_board_vote_on_an_authority_modification_sends_it_to_the_authority(client_as, secas_user, november):
    modification = ModificationFactory(reference="MP183", route="authority_determination", phase="report_phase")
    item = ScopeItemFactory(release=november, modification=modification)
    response = decision(client_as(secas_user), "MP183", body="change_board", outcome="approve")
    assert response.status_code == 303
    modification.refresh_from_db()
    item.refresh_from_db()
    assert modification.phase == "with_authority" and item.inclusion == "targeted"


REFUSED = "Under Self-Governance the Change Board decides, not the Authority."


def test_the_wrong_body_is_refused_beside_the_field_in_the_browser(client_as, secas_user, targeted):
    response = decision(client_as(secas_user), body="authority", outcome="approve")
    assert response.status_code == 200
    assert REFUSED in response.context["form"].errors["body"]
    targeted.refresh_from_db()
    assert targeted.inclusion == "targeted"


def test_the_wrong_body_is_refused_with_409_by_the_api(api_as, secas_user, targeted):
    url = reverse("modification-decisions", kwargs={"reference": "MP180"})
    response = api_as(secas_user).post(
        url, {"body": "authority", "outcome": "approve", "date": "2020-02-27"}, format="json"
    )
    assert response.status_code == 409
    assert response.json() == {"detail": REFUSED}
    targeted.refresh_from_db()
    assert targeted.inclusion == "targeted"


def test_the_api_records_an_approval_and_answers_what_happened_to_each_item(api_as, secas_user, targeted):
    url = reverse("modification-decisions", kwargs={"reference": "MP180"})
    response = api_as(secas_user).post(
        url, {"body": "change_board", "outcome": "approve", "date": "2020-02-27", "paper": "CB_54"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["phase"] == "approved"
    assert body["items"] == [
        {"id": targeted.pk, "release": "november-2020", "part": "", "fate": "approved for inclusion", "note": ""}
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"body": "board", "outcome": "approve", "date": "2020-02-27"}, "body"),
        ({"body": "change_board", "outcome": "approve", "date": "27/02/2020"}, "date"),
        ({"body": "change_board", "outcome": "approve", "date": "2020-03-03"}, "date"),
    ],
)
def test_the_api_answers_field_errors_with_400(api_as, secas_user, targeted, fields, field):
    url = reverse("modification-decisions", kwargs={"reference": "MP180"})
    response = api_as(secas_user).post(url, fields, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_a_decision_dated_after_today_is_refused_beside_the_date(client_as, secas_user, targeted):
    response = decision(client_as(secas_user), body="change_board", outcome="approve", date="2020-03-03")
    assert "cannot be after today" in str(response.context["form"].errors["date"])


@pytest.mark.parametrize("role", ["dcc_user", "panel_user"])
def test_only_secas_records_decisions_through_the_api(api_as, request, role, targeted):
    url = reverse("modification-decisions", kwargs={"reference": "MP180"})
    response = api_as(request.getfixturevalue(role)).post(
        url, {"body": "change_board", "outcome": "approve", "date": "2020-02-27"}, format="json"
    )
    assert response.status_code == 403


def test_a_decided_modification_is_refused_a_second_decision_at_every_door(client_as, api_as, secas_user, targeted):
    decision(client_as(secas_user), body="change_board", outcome="approve")
    message = "MP180 is already approved: it has been decided."
    again = decision(client_as(secas_user), body="change_board", outcome="reject")
    assert message in again.context["form"].errors["outcome"]
    url = reverse("modification-decisions", kwargs={"reference": "MP180"})
    api = api_as(secas_user).post(
        url, {"body": "change_board", "outcome": "reject", "date": "2020-02-27"}, format="json"
    )
    assert (api.status_code, api.json()) == (409, {"detail": message})


def test_a_modification_without_a_route_is_refused_alike_in_the_browser_and_the_admin(
    client_as, secas_user, superuser, november
):
    modification = ModificationFactory(reference="MP184", route=None)
    message = "Set the governance route of MP184 first: it says who decides."
    response = decision(client_as(secas_user), "MP184", body="change_board", outcome="approve")
    assert message in response.context["form"].errors["body"]
    admin = client_as(superuser)
    change_page = admin.get(reverse("admin:modifications_modification_change", args=[modification.pk]))
    admin_url = reverse("admin:modifications_modification_decide", args=[modification.pk])
    assert admin_url in change_page.content.decode()
    seen = admin.get(admin_url).context["form"].initial["last_seen"]
    refused = admin.post(
        admin_url, {"last_seen": seen, "body": "change_board", "outcome": "approve", "date": "2020-02-27"}
    )
    assert message in refused.context["form"].errors["body"]


def test_the_admin_records_a_rejection_after_confirming_it(client_as, superuser, targeted):
    admin = client_as(superuser)
    url = reverse("admin:modifications_modification_decide", args=[targeted.modification.pk])
    seen = admin.get(url).context["form"].initial["last_seen"]
    data = {"last_seen": seen, "body": "change_board", "outcome": "reject", "date": "2020-02-27"}
    asked = admin.post(url, data)
    assert "Removed from scope" in asked.content.decode()
    targeted.refresh_from_db()
    assert targeted.inclusion == "targeted"
    done = admin.post(url, hidden_fields_of(asked.content.decode(), 'id="item-fates"'))
    assert done.status_code == 302
    targeted.refresh_from_db()
    assert targeted.inclusion == "removed" and targeted.modification.phase == "rejected"


@pytest.mark.parametrize("role", ["dcc_user", "panel_user"])
def test_the_admins_decision_page_is_refused_to_readers(client_as, request, role, targeted):
    user = request.getfixturevalue(role)
    user.is_staff = True
    user.save()
    url = reverse("admin:modifications_modification_decide", args=[targeted.modification.pk])
    assert client_as(user).get(url).status_code == 403


def test_the_decision_confirm_page_runs_a_fixed_number_of_queries(
    client_as, secas_user, november, django_assert_max_num_queries
):
    later = ReleaseFactory(implementation_date=datetime.date(2021, 6, 24))
    modification = ModificationFactory(reference="MP185", route="self_governance")
    ScopeItemFactory(release=november, modification=modification, part="Part 1")
    ScopeItemFactory(release=later, modification=modification, part="Part 2")
    client = client_as(secas_user)
    form = client.get(decide_url("MP185")).context["form"]
    data = {"last_seen": form.initial["last_seen"], "date": "2020-02-27", "body": "change_board", "outcome": "reject"}
    with django_assert_max_num_queries(14):
        response = client.post(decide_url("MP185"), data)
    assert response.content.decode().count("Removed from scope") == 2


def test_an_approval_after_an_items_cut_off_is_shown_before_it_is_recorded(client_as, secas_user, november):
    modification = ModificationFactory(reference="MP186", route="self_governance")
    item = ScopeItemFactory(release=november, modification=modification, cut_off_date=datetime.date(2020, 2, 1))
    client = client_as(secas_user)
    asked = decision(client, "MP186", body="change_board", outcome="approve")
    assert "Decided after its cut-off of 1 February 2020" in asked.content.decode()
    item.refresh_from_db()
    assert item.inclusion == "targeted"
    client.post(decide_url("MP186"), hidden_fields_of(asked.content.decode()))
    item.refresh_from_db()
    assert item.inclusion == "approved"
