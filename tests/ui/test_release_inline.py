"""SECAS runs a release in place on its page (issue #13, item 4): risks, costs, criteria, timetable events,
exception approvals, corrections; in place with htmx and as plain POSTs; Panel reads only."""

import datetime

import pytest
from django.urls import reverse

from acceptance.models import PANEL_APPROVAL_NEEDED, RISK_CLOSE_NEEDS_REASON, Criterion, CriterionChange, Risk
from releases.models import CostBreakdownLine, Milestone, RidVersion, SecasCost
from releases.models.scope import EXCEPTION_APPROVAL_ONLY_ON_EXCEPTIONS
from tests.factories import ModificationFactory, ScopeItemFactory
from tests.ui.conftest import build_release

pytestmark = pytest.mark.django_db
D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/releases/november-2020/"}


def page_of(client, release) -> str:
    return client.get(reverse("releases:detail", kwargs={"slug": release.slug})).content.decode()


def url(name, release, pk=None):
    kwargs = {"slug": release.slug} | ({"pk": pk} if pk is not None else {})
    return reverse(name, kwargs=kwargs)


def seen(obj) -> str:
    obj.refresh_from_db()
    return obj.updated_at.isoformat()


def section(html: str, heading_id: str) -> str:
    """The release page from a section's heading to the next section."""
    start = html.index(f'id="{heading_id}"')
    end = html.find('<section class="release-section"', start)
    return html[start : end if end > 0 else None]


RISK = {
    "kind": "residual",
    "description": "SECMP0062 feature switches left on",
    "mitigations": "Switch off before go-live.\n\nMonitor the first week.",
    "views": "OPSG content",
    "likelihood": "Possible",
    "impact": "Severe",
    "status": "open",
}


# -- risks --------------------------------------------------------------------------------------------------


def test_secas_adds_a_residual_risk_without_javascript_and_sees_it_with_its_numbered_mitigations(
    client_as, secas_user, november
):
    client = client_as(secas_user)
    response = client.post(url("acceptance:risk-add", november), RISK)
    assert response.status_code == 303
    risk = november.risks.get(description=RISK["description"])
    assert response["Location"].endswith(f"#risk-{risk.pk}")
    risks = section(page_of(client, november), "risks")
    assert "Residual risk added." in risks  # beside the risks, not only at the top
    assert "<li>Switch off before go-live.</li><li>Monitor the first week.</li>" in risks
    assert risk.history.first().history_change_reason == "Recorded in the browser"


def test_a_risk_added_in_place_reloads_the_page_and_an_error_comes_back_beside_its_field(
    client_as, secas_user, november
):
    client = client_as(secas_user)
    response = client.post(url("acceptance:risk-add", november), RISK, **HTMX)
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    response = client.post(url("acceptance:risk-add", november), RISK | {"description": ""}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'aria-label="Add a risk"' in html
    assert 'id="id_description_error"' in html or "This field is required." in html
    assert "Severe" in html  # nothing typed is lost


def test_the_add_risk_and_add_cost_line_forms_carry_stable_accessible_names(client_as, secas_user, november):
    html = page_of(client_as(secas_user), november)
    assert 'aria-label="Add a risk"' in html and "<summary>Add a risk</summary>" in html
    assert 'aria-label="Add a cost breakdown line"' in html and "<summary>Add a cost breakdown line</summary>" in html


def test_secas_edits_a_risk_and_a_stale_edit_is_refused(client_as, secas_user, november):
    risk = november.risks.first()
    client = client_as(secas_user)
    stale = seen(risk)
    data = RISK | {"impact": "Moderate", "reason": "OPSG 2 June", "last_seen": stale}
    assert client.post(url("acceptance:risk-change", november, risk.pk), data).status_code == 303
    risk.refresh_from_db()
    assert risk.impact == "Moderate" and risk.history.first().history_change_reason == "OPSG 2 June"
    again = client.post(url("acceptance:risk-change", november, risk.pk), data | {"impact": "Minor"})
    assert "Someone else saved a newer version" in again.content.decode()
    risk.refresh_from_db()
    assert risk.impact == "Moderate"


def test_a_risk_is_closed_only_with_its_reason_which_the_page_shows(client_as, secas_user, november):
    risk = november.risks.first()
    client = client_as(secas_user)
    close = url("acceptance:risk-close", november, risk.pk)
    refused = client.post(close, {"reason": "", "last_seen": seen(risk)}, **HTMX)
    assert RISK_CLOSE_NEEDS_REASON in refused.content.decode()
    assert client.post(close, {"reason": "Feature switches removed", "last_seen": seen(risk)}).status_code == 303
    risk.refresh_from_db()
    assert (risk.status, risk.closure_reason) == ("closed", "Feature switches removed")
    assert risk.history.first().history_change_reason == "Closed: Feature switches removed"
    assert "Feature switches removed" in section(page_of(client, november), "risks")


# -- costs --------------------------------------------------------------------------------------------------


def test_secas_records_the_quote_and_a_breakdown_line_and_sees_the_difference(client_as, secas_user, november):
    client = client_as(secas_user)
    quote = {"dcc_quoted_total": "250000", "operational_cost_impact": "", "reason": "DCC quote of 3 March"}
    assert client.post(url("releases:dcc-quote", november), quote | {"last_seen": seen(november)}).status_code == 303
    modification = november.scope_items.first().modification
    line = {
        "modification": modification.pk,
        "design_build_pit": "100000",
        "sit": "50000",
        "uit": "",
        "implement_to_live": "25000.50",
    }
    response = client.post(url("releases:cost-line-add", november), line, **HTMX)
    assert response["HX-Refresh"] == "true"
    costs = section(page_of(client, november), "costs")
    assert "£250,000.00" in costs and "£175,000.50" in costs and "£74,999.50" in costs
    assert f"Cost breakdown line for {modification.reference} added." in costs
    november.refresh_from_db()
    assert november.history.first().history_change_reason == "DCC quote of 3 March"


def test_a_second_line_for_the_same_modification_is_refused_beside_the_form(client_as, secas_user, november):
    modification = november.scope_items.first().modification
    CostBreakdownLine.add(release=november, modification=modification, sit=1)
    line = {"modification": modification.pk, "sit": "2"}
    html = client_as(secas_user).post(url("releases:cost-line-add", november), line, **HTMX).content.decode()
    assert "This modification already has a cost line in this release." in html


def test_secas_changes_and_removes_a_cost_line_and_its_effort_with_reasons(client_as, secas_user, november):
    line = CostBreakdownLine.add(release=november, modification=november.scope_items.first().modification, sit=10)
    effort = SecasCost.add(release=november, activity="Release management", days=20)
    client = client_as(secas_user)
    change = {"sit": "12", "reason": "Revised quote", "last_seen": seen(line)}
    assert client.post(url("releases:cost-line-change", november, line.pk), change).status_code == 303
    line.refresh_from_db()
    assert line.sit == 12
    no_reason = client.post(url("releases:cost-line-remove", november, line.pk), {"last_seen": seen(line)})
    assert "Say why it is removed" in no_reason.content.decode()
    removed = client.post(
        url("releases:cost-line-remove", november, line.pk), {"reason": "Withdrawn", "last_seen": seen(line)}
    )
    assert removed.status_code == 303 and not CostBreakdownLine.objects.filter(pk=line.pk).exists()
    assert CostBreakdownLine.history.filter(id=line.pk).first().history_change_reason == "Removed: Withdrawn"
    data = {"activity": "Release management", "days": "25", "amount": "", "note": "", "reason": "RID v0.3"}
    assert (
        client.post(
            url("releases:secas-cost-change", november, effort.pk), data | {"last_seen": seen(effort)}
        ).status_code
        == 303
    )
    effort.refresh_from_db()
    assert effort.days == 25


# -- criteria -----------------------------------------------------------------------------------------------


def test_before_a_baseline_secas_adds_a_criterion_without_a_panel_approval(client_as, secas_user, november):
    data = {"category": "security", "number": "1", "text": "SSC content.", "reviewer": "", "reason": "Standard set"}
    assert client_as(secas_user).post(url("acceptance:criterion-add", november), data).status_code == 303
    criterion = november.criteria.get(category="security")
    assert criterion.reviewer == "ssc"
    assert CriterionChange.objects.get(criterion=criterion).action == "add"


def test_after_the_baseline_an_amendment_needs_the_panels_approval_and_keeps_it(client_as, secas_user, november):
    RidVersion.objects.create(release=november, version="1.0", changes="Baselined", baselined=True)
    criterion = november.criteria.first()
    old_text = criterion.text
    client = client_as(secas_user)
    amend = url("acceptance:criterion-amend", november, criterion.pk)
    data = {"text": "Amended wording.", "reviewer": "opsg", "reason": "Panel asked", "last_seen": seen(criterion)}
    refused = client.post(amend, data, **HTMX).content.decode()
    assert PANEL_APPROVAL_NEEDED.replace("'", "&#x27;") in refused
    criterion.refresh_from_db()
    assert criterion.text == old_text
    approved = data | {"approved_on": "2020-02-21", "paper": "SECP_77_2102_10"}
    assert client.post(amend, approved).status_code == 303
    criterion.refresh_from_db()
    assert criterion.text == "Amended wording."
    change = CriterionChange.objects.get(criterion=criterion)
    assert (change.previous_text, change.approved_on, change.paper) == (old_text, D(2020, 2, 21), "SECP_77_2102_10")
    assert "SECP_77_2102_10" in section(page_of(client, november), "criteria")


def test_a_removed_criterion_leaves_its_wording_and_reason_on_the_page(client_as, secas_user, november):
    criterion = november.criteria.first()
    name, text = str(criterion), criterion.text
    client = client_as(secas_user)
    data = {"reason": "Not in the Panel's set", "last_seen": seen(criterion)}
    assert client.post(url("acceptance:criterion-remove", november, criterion.pk), data).status_code == 303
    assert not Criterion.objects.filter(pk=criterion.pk).exists()
    amendments = section(page_of(client, november), "criteria-changes")
    assert name in amendments and text in amendments and "Not in the Panel&#x27;s set" in amendments


# -- timetable ----------------------------------------------------------------------------------------------


def test_secas_adds_and_removes_a_timetable_event(client_as, secas_user, november):
    client = client_as(secas_user)
    data = {"kind": "timetable", "position": "9", "event": "SEC Panel go/no-go", "date": "2020-11-13", "owner": "panel"}
    response = client.post(url("releases:milestone-add", november), data, **HTMX)
    assert response["HX-Refresh"] == "true"
    milestone = november.milestones.get(event="SEC Panel go/no-go")
    assert "“SEC Panel go/no-go” added to the" in section(page_of(client, november), "timetable")
    remove = url("releases:milestone-remove", november, milestone.pk)
    assert (
        client.post(remove, {"reason": "Merged with the Panel meeting", "last_seen": seen(milestone)}).status_code
        == 303
    )
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    assert (
        Milestone.history.filter(id=milestone.pk).first().history_change_reason
        == "Removed: Merged with the Panel meeting"
    )


def test_the_dcc_reports_a_forecast_but_cannot_change_the_plan_add_or_remove(client_as, dcc_user, november):
    milestone = november.milestones.filter(kind="tracker").first()
    client = client_as(dcc_user)
    data = {"forecast_date": "2020-09-20", "brag": "red", "event": "Renamed by the DCC", "last_seen": seen(milestone)}
    assert client.post(url("releases:milestone-change", november, milestone.pk), data).status_code == 303
    milestone.refresh_from_db()
    assert milestone.brag == "red" and milestone.event != "Renamed by the DCC"  # the DCC's form has no event
    assert client.get(url("releases:milestone-add", november)).status_code == 403
    assert client.post(url("releases:milestone-add", november), {"event": "x"}).status_code == 403
    assert client.post(url("releases:milestone-remove", november, milestone.pk), {"reason": "x"}).status_code == 403
    html = page_of(client, november)
    assert "Add a timetable event" not in html and ">Remove<" not in html


# -- exceptions, decisions, readiness ---------------------------------------------------------------------------


def exception_item(release):
    late = ModificationFactory(impacts_dcc_systems=True)
    return ScopeItemFactory(release=release, modification=late, inclusion="targeted", added_on=D(2020, 1, 10))


def test_secas_records_the_panels_approval_of_an_exception_item(client_as, secas_user, november):
    item = exception_item(november)
    assert item.is_exception
    client = client_as(secas_user)
    assert "Record the Panel’s exception approval" in page_of(client, november)
    approve = url("releases:exception-approve", november, item.pk)
    missing = client.post(approve, {"exception_approved_on": "2020-02-21", "last_seen": seen(item)}, **HTMX)
    assert "Give the date the Panel approved the exception and its paper." in missing.content.decode()
    data = {"exception_approved_on": "2020-02-21", "exception_paper": "SECP_77_2102_10", "last_seen": seen(item)}
    assert client.post(approve, data).status_code == 303
    item.refresh_from_db()
    assert (item.exception_approved_on, item.exception_paper) == (D(2020, 2, 21), "SECP_77_2102_10")
    assert "Exception, approved 21 Feb 2020" in page_of(client, november)


def test_an_item_added_before_the_lock_needs_no_exception_approval(client_as, secas_user, november):
    item = november.scope_items.filter(inclusion="targeted").first()
    data = {"exception_approved_on": "2020-02-21", "exception_paper": "SECP_77", "last_seen": seen(item)}
    html = client_as(secas_user).post(url("releases:exception-approve", november, item.pk), data).content.decode()
    assert EXCEPTION_APPROVAL_ONLY_ON_EXCEPTIONS in html
    item.refresh_from_db()
    assert item.exception_approved_on is None


def test_decisions_and_readiness_open_their_correction_in_place(client_as, secas_user, november):
    html = page_of(client_as(secas_user), november)
    decision = november.decisions.first()
    assert f'hx-target="#decision-edit-{decision.pk}"' in html and f'id="decision-edit-{decision.pk}"' in html
    assert 'hx-target="#readiness-edit"' in html and 'id="readiness-edit"' in html
    response = client_as(secas_user).get(url("releases:decision-withdraw", november, decision.pk), **HTMX)
    assert "<form" in response.content.decode() and "<html" not in response.content.decode()


# -- the Panel reads ----------------------------------------------------------------------------------------


def test_the_panel_sees_no_edit_controls_and_every_form_answers_403(client_as, panel_user, november):
    item = exception_item(november)
    line = CostBreakdownLine.add(release=november, modification=item.modification, sit=1)
    effort = SecasCost.add(release=november, activity="Release management", days=20)
    risk, criterion, milestone = november.risks.first(), november.criteria.first(), november.milestones.first()
    client = client_as(panel_user)
    html = page_of(client, november)
    for control in (
        "Add a risk",
        "Add a cost breakdown line",
        "Add a criterion",
        "Add a timetable event",
        ">Close<",
        ">Amend<",
        "Record the DCC’s quoted total",
        "exception approval",
    ):
        assert control not in html, control
    urls = [
        url("acceptance:risk-add", november),
        url("acceptance:risk-change", november, risk.pk),
        url("acceptance:risk-close", november, risk.pk),
        url("acceptance:criterion-add", november),
        url("acceptance:criterion-amend", november, criterion.pk),
        url("acceptance:criterion-remove", november, criterion.pk),
        url("releases:dcc-quote", november),
        url("releases:cost-line-add", november),
        url("releases:cost-line-change", november, line.pk),
        url("releases:cost-line-remove", november, line.pk),
        url("releases:secas-cost-add", november),
        url("releases:secas-cost-change", november, effort.pk),
        url("releases:secas-cost-remove", november, effort.pk),
        url("releases:milestone-add", november),
        url("releases:milestone-change", november, milestone.pk),
        url("releases:milestone-remove", november, milestone.pk),
        url("releases:exception-approve", november, item.pk),
    ]
    for address in urls:
        assert client.get(address).status_code == 403, address
        assert client.post(address, {"reason": "x"}).status_code == 403, address
    assert Risk.objects.filter(pk=risk.pk, status="open").exists()


# -- the page's cost does not grow with what it shows --------------------------------------------------------------


def test_the_release_page_runs_as_many_queries_with_five_times_the_rows(
    client_as, secas_user, django_assert_num_queries
):
    counts = []
    for size, slug in ((1, "small"), (5, "large")):
        release = build_release(size, slug=slug, name=f"{slug} release")
        for item in release.scope_items.all():
            CostBreakdownLine.add(release=release, modification=item.modification, sit=1)
            SecasCost.add(release=release, activity=f"Effort {item.pk}", days=1)
        criterion = release.criteria.first()
        criterion.amend(text="Amended.", reason="Panel asked")
        client = client_as(secas_user)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("releases:detail", kwargs={"slug": release.slug})).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == 24  # with the papers' days for the as-at picker
