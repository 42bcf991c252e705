"""The rules of running a release in place (issue #13, item 4) at every door: the model's verb, the admin, the
release page's form, the API. A door refuses in the verb's words and changes nothing, or does not offer the
input at all (a read-only field in the admin)."""

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from acceptance.models import PANEL_APPROVAL_NEEDED, RISK_CLOSE_NEEDS_REASON, Criterion, Risk
from releases.models import CostBreakdownLine, Milestone, Release, RidVersion, ScopeItem
from releases.models.scope import EXCEPTION_APPROVAL_ONLY_ON_EXCEPTIONS
from releases.models.timetable import PLAN_IS_SECAS
from tests.conftest import api_client_for
from tests.factories import ModificationFactory, ReleaseFactory
from tests.test_rules_at_every_door import admin_form, request_as

pytestmark = pytest.mark.django_db
D = datetime.date
R = "/api/v1/releases/june-2031"
TWICE = "This modification already has a cost line in this release."


@pytest.fixture
def w(secas_user, dcc_user, superuser):
    june = ReleaseFactory(slug="june-2031", name="June 2031 SEC Release", implementation_date=D(2031, 6, 25))
    item = ScopeItem.add(release=june, modification=ModificationFactory())
    criterion = Criterion.objects.create(release=june, category="operational", number=1, text="Ready.", reviewer="opsg")
    RidVersion.objects.create(release=june, version="1.0", changes="Baselined by the Panel", baselined=True)
    risk = Risk.add(release=june, description="Feature switches", likelihood="Possible")
    line = CostBreakdownLine.add(release=june, modification=item.modification, sit=100)
    return {"june": june, "item": item, "criterion": criterion, "risk": risk, "line": line, "secas": secas_user}


def page(client, user, name, data, **kwargs) -> str:
    client.force_login(user)
    response = client.post(reverse(name, kwargs={"slug": "june-2031", **kwargs}), data)
    assert response.status_code == 200  # the form again, with the refusal on it
    return response.content.decode()


def messages_of(response) -> str:
    body = response.json()
    return " ".join(" ".join(v) if isinstance(v, list) else str(v) for v in body.values())


def refusal_of(call) -> str:
    with pytest.raises((ValidationError, PermissionDenied)) as refused:
        call()
    error = refused.value
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def test_a_risk_is_closed_only_with_its_reason_at_every_door(w, client):
    risk = w["risk"]
    assert RISK_CLOSE_NEEDS_REASON in refusal_of(lambda: risk.close(reason=" "))
    form_class = admin.site._registry[Risk].get_form(request_as(w["secas"]), risk, change=True)
    assert "status" not in form_class.base_fields  # the admin does not close: the release page does
    data = {"reason": "", "last_seen": risk.updated_at.isoformat()}
    html = page(client, w["secas"], "acceptance:risk-close", data, pk=risk.pk)
    assert escape(RISK_CLOSE_NEEDS_REASON) in html
    response = api_client_for(w["secas"]).patch(f"{R}/risks/{risk.pk}/", {"status": "closed"}, format="json")
    assert response.status_code == 400 and RISK_CLOSE_NEEDS_REASON in messages_of(response)
    assert Risk.objects.get(pk=risk.pk).status == "open"


def test_a_baselined_releases_criterion_is_amended_only_with_the_panels_approval_at_every_door(w, client):
    criterion = w["criterion"]
    amend = lambda: criterion.amend(text="Amended.", reason="Panel asked")  # noqa: E731
    assert PANEL_APPROVAL_NEEDED in refusal_of(amend)
    form_class = admin.site._registry[Criterion].get_form(request_as(w["secas"]), criterion, change=True)
    assert "text" not in form_class.base_fields
    data = {"text": "Amended.", "reason": "Panel asked", "last_seen": criterion.updated_at.isoformat()}
    html = page(client, w["secas"], "acceptance:criterion-amend", data, pk=criterion.pk)
    assert escape(PANEL_APPROVAL_NEEDED) in html
    body = {"text": "Amended.", "reason": "Panel asked"}
    response = api_client_for(w["secas"]).patch(f"{R}/criteria/{criterion.pk}/", body, format="json")
    assert response.status_code == 400 and PANEL_APPROVAL_NEEDED in messages_of(response)
    deleted = api_client_for(w["secas"]).delete(f"{R}/criteria/{criterion.pk}/?reason=Gone")
    assert deleted.status_code == 400 and PANEL_APPROVAL_NEEDED in messages_of(deleted)
    assert Criterion.objects.get(pk=criterion.pk).text == "Ready."


def test_with_the_panels_approval_the_api_amends_through_the_same_verb(w):
    body = {"text": "Amended.", "reason": "Panel asked", "approved_on": "2026-01-09", "paper": "SECP_140_0901_10"}
    client = api_client_for(w["secas"])
    response = client.patch(f"{R}/criteria/{w['criterion'].pk}/", body, format="json")
    assert response.status_code == 200, response.content
    change = w["criterion"].changes.get()
    assert (change.previous_text, change.new_text, change.paper) == ("Ready.", "Amended.", "SECP_140_0901_10")


def test_the_dcc_adds_and_removes_no_timetable_event_at_any_door(w, client, dcc_user):
    june = w["june"]
    assert refusal_of(lambda: Milestone.add(release=june, by=dcc_user, event="DCC's own")) == PLAN_IS_SECAS
    milestone = Milestone.add(release=june, event="SIT complete", date=D(2031, 3, 1))
    assert refusal_of(lambda: milestone.remove(by=dcc_user, reason="x")) == PLAN_IS_SECAS
    assert not admin.site._registry[Milestone].has_add_permission(request_as(dcc_user))
    client.force_login(dcc_user)
    assert (
        client.post(reverse("releases:milestone-add", kwargs={"slug": "june-2031"}), {"event": "x"}).status_code == 403
    )
    api = api_client_for(dcc_user)
    assert api.post(f"{R}/milestones/", {"event": "DCC's own"}, format="json").status_code == 403
    assert api.delete(f"{R}/milestones/{milestone.pk}/").status_code == 403
    assert list(june.milestones.values_list("event", flat=True)) == ["SIT complete"]


def test_only_an_exception_takes_a_panel_exception_approval_at_every_door(w, client):
    item = w["item"]
    assert not item.is_exception
    approve = lambda: item.record_exception_approval(approved_on=D(2026, 1, 9), paper="SECP_1")  # noqa: E731
    assert EXCEPTION_APPROVAL_ONLY_ON_EXCEPTIONS in refusal_of(approve)
    form = admin_form(ScopeItem, item, w["secas"], {"exception_approved_on": "2026-01-09", "exception_paper": "P"})
    form.is_valid()
    assert EXCEPTION_APPROVAL_ONLY_ON_EXCEPTIONS in str(form.errors)
    data = {"exception_approved_on": "2026-01-09", "exception_paper": "P", "last_seen": item.updated_at.isoformat()}
    assert EXCEPTION_APPROVAL_ONLY_ON_EXCEPTIONS in page(
        client, w["secas"], "releases:exception-approve", data, pk=item.pk
    )
    body = {"exception_approved_on": "2026-01-09", "exception_paper": "P"}
    response = api_client_for(w["secas"]).patch(f"{R}/scope/{item.pk}/", body, format="json")
    assert response.status_code == 400 and EXCEPTION_APPROVAL_ONLY_ON_EXCEPTIONS in messages_of(response)
    assert ScopeItem.objects.get(pk=item.pk).exception_approved_on is None


def test_a_modification_has_one_cost_line_a_release_at_every_door(w, client):
    june, modification = w["june"], w["item"].modification
    assert TWICE in refusal_of(lambda: CostBreakdownLine.add(release=june, modification=modification, sit=1))
    form = admin_form(
        CostBreakdownLine, None, w["secas"], {"release": june.pk, "modification": modification.pk}, add=True
    )
    assert not form.is_valid() and TWICE in str(form.errors)
    html = page(client, w["secas"], "releases:cost-line-add", {"modification": modification.pk, "sit": "1"})
    assert TWICE in html
    assert CostBreakdownLine.objects.filter(release=june).count() == 1


def test_the_dccs_quote_is_recorded_by_one_verb_with_its_reason_from_the_page_and_the_api(w, client):
    june = w["june"]
    api = api_client_for(w["secas"])
    body = {"dcc_quoted_total": "250000.00", "date_change_reason": "DCC quote of 9 January"}
    assert api.patch(f"{R}/", body, format="json").status_code == 200
    june.refresh_from_db()
    assert june.history.first().history_change_reason == "DCC quote of 9 January"
    form_class = admin.site._registry[Release].get_form(request_as(w["secas"]), june, change=True)
    assert "dcc_quoted_total" not in form_class.base_fields
    assert june.cost_difference() == 250000 - 100
