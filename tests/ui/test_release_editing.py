"""Milestone forecasts, criteria, readiness reports, recommendations and following, in the browser."""

import datetime

import pytest
from django.urls import reverse

from acceptance.models import ReadinessReport
from releases.models import Decision

pytestmark = pytest.mark.django_db


def tracker_milestone(release):
    return release.milestones.filter(kind="tracker").first()


@pytest.mark.parametrize("role", ["secas_user", "dcc_user"])
def test_secas_and_the_dcc_update_a_milestone_forecast_and_brag(request, client_as, november, role):
    milestone = tracker_milestone(november)
    url = reverse("releases:milestone-change", kwargs={"slug": november.slug, "pk": milestone.pk})
    data = {"forecast_date": "2020-09-20", "brag": "red", "last_seen": milestone.updated_at.isoformat()}
    # SECAS's form carries the plan too (the DCC's has only what it reports): posted as the form shows it.
    plan = {"event": milestone.event, "date": milestone.date or "", "position": milestone.position}
    plan |= {"owner": milestone.owner or "", "notes": milestone.notes}
    response = client_as(request.getfixturevalue(role)).post(url, data | plan)
    assert response.status_code == 303
    milestone.refresh_from_db()
    assert (milestone.forecast_date, milestone.brag, milestone.slippage_days) == (datetime.date(2020, 9, 20), "red", 19)


def test_a_stale_milestone_edit_is_refused(client_as, dcc_user, november):
    milestone = tracker_milestone(november)
    seen = milestone.updated_at.isoformat()
    milestone.brag = "green"
    milestone.save()
    url = reverse("releases:milestone-change", kwargs={"slug": november.slug, "pk": milestone.pk})
    response = client_as(dcc_user).post(url, {"forecast_date": "2020-09-20", "brag": "red", "last_seen": seen})
    assert "Someone else saved a newer version" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.brag == "green"


def test_a_bad_date_is_shown_beside_the_forecast_field(client_as, dcc_user, november):
    milestone = tracker_milestone(november)
    url = reverse("releases:milestone-change", kwargs={"slug": november.slug, "pk": milestone.pk})
    response = client_as(dcc_user).post(
        url, {"forecast_date": "31/31/2020", "last_seen": milestone.updated_at.isoformat()}
    )
    assert response.context["form"].errors["forecast_date"] == ["Enter a valid date."]


def test_secas_assesses_a_criterion_with_evidence(client_as, secas_user, november):
    criterion = november.criteria.get(status="at_risk")
    url = reverse("acceptance:criterion-assess", kwargs={"slug": november.slug, "pk": criterion.pk})
    data = {"status": "met", "evidence": "TAG paper TAG_12_3", "last_seen": criterion.updated_at.isoformat()}
    assert client_as(secas_user).post(url, data).status_code == 303
    criterion.refresh_from_db()
    assert (criterion.status, criterion.evidence, criterion.assessed_by) == ("met", "TAG paper TAG_12_3", secas_user)


def test_the_dcc_records_a_readiness_report_with_its_components(client_as, dcc_user, november):
    client = client_as(dcc_user)
    url = reverse("acceptance:readiness-add", kwargs={"slug": november.slug})
    form = client.get(url).context["formset"]
    assert form.forms[0].initial["name"] == "Component 0"  # the last report's components, to fill in
    data = {
        "as_at": "2020-11-15",
        "target_date": "2020-11-29",
        "components-TOTAL_FORMS": "2",
        "components-INITIAL_FORMS": "0",
        "components-0-name": "Service Centre",
        "components-0-state": "3",
        "components-0-target_state": "4",
        "components-0-rag": "amber",
        "components-1-name": "DSP System",
        "components-1-state": "",
    }
    assert client.post(url, data).status_code == 303
    report = ReadinessReport.objects.get(release=november, as_at=datetime.date(2020, 11, 15))
    assert [(c.name, c.state) for c in report.components.order_by("position")] == [
        ("Service Centre", 3),
        ("DSP System", None),
    ]


def test_a_readiness_state_off_the_scale_is_shown_beside_it(client_as, dcc_user, november):
    url = reverse("acceptance:readiness-add", kwargs={"slug": november.slug})
    data = {
        "as_at": "2020-11-15",
        "components-TOTAL_FORMS": "1",
        "components-INITIAL_FORMS": "0",
        "components-0-name": "Service Centre",
        "components-0-state": "7",
    }
    response = client_as(dcc_user).post(url, data)
    assert response.status_code == 200
    assert "state" in response.context["formset"].forms[0].errors
    assert not ReadinessReport.objects.filter(as_at=datetime.date(2020, 11, 15)).exists()


def test_secas_records_the_recommendations_and_the_panel_decision(client_as, secas_user, panel_user, november):
    client = client_as(secas_user)
    url = reverse("releases:decision-add", kwargs={"slug": november.slug})
    data = {"body": "panel", "outcome": "go", "date": "2020-11-13", "paper": "SECP_85_1311_01"}
    assert client.post(url, data).status_code == 303
    assert Decision.objects.filter(release=november, body="panel", outcome="go").exists()
    html = client_as(panel_user).get(reverse("releases:dashboard", kwargs={"slug": november.slug})).content.decode()
    assert "Panel decision: <strong>Go</strong> on 13 November 2020 (SECP_85_1311_01)" in html


def test_the_panel_cannot_recommend_go_with_conditions(client_as, secas_user, november):
    url = reverse("releases:decision-add", kwargs={"slug": november.slug})
    data = {"body": "panel", "outcome": "go_with_conditions", "date": "2020-11-13"}
    response = client_as(secas_user).post(url, data)
    assert response.context["form"].errors["outcome"] == ["The Panel decides one of: go, no-go, defer."]


def test_secas_unfollows_and_follows_a_release(client_as, secas_user, november):
    client = client_as(secas_user)
    url = reverse("releases:follow", kwargs={"slug": november.slug})
    client.post(url, {"following": "no"})
    assert secas_user not in november.reminder_recipients()
    client.post(url, {"following": "yes"})
    assert secas_user in november.reminder_recipients()


@pytest.mark.parametrize("role", ["panel_user", "outsider"])
def test_readers_cannot_post_any_edit(request, client_as, november, role):
    client = client_as(request.getfixturevalue(role))
    milestone = tracker_milestone(november)
    criterion = november.criteria.first()
    slug = november.slug
    for url in [
        reverse("releases:milestone-change", kwargs={"slug": slug, "pk": milestone.pk}),
        reverse("acceptance:criterion-assess", kwargs={"slug": slug, "pk": criterion.pk}),
        reverse("acceptance:readiness-add", kwargs={"slug": slug}),
        reverse("releases:decision-add", kwargs={"slug": slug}),
        *([reverse("releases:follow", kwargs={"slug": slug})] if role == "outsider" else []),
    ]:
        assert client.post(url, {"brag": "red", "status": "met", "following": "yes"}).status_code == 403, url


def test_the_dcc_cannot_assess_criteria_or_record_decisions(client_as, dcc_user, november):
    client = client_as(dcc_user)
    criterion = november.criteria.first()
    assess = reverse("acceptance:criterion-assess", kwargs={"slug": november.slug, "pk": criterion.pk})
    assert client.post(assess, {"status": "met"}).status_code == 403
    decide = reverse("releases:decision-add", kwargs={"slug": november.slug})
    assert client.post(decide, {"body": "panel", "outcome": "go", "date": "2020-11-13"}).status_code == 403
