"""The record the Panel trusts: decisions set the status and can be corrected or withdrawn, readiness likewise,
RID versions in their order, renames and reschedules through the API keep what they replace."""

import datetime

import pytest

from acceptance.models import ReadinessReport
from modifications.models import Modification
from releases.models import Decision, RidVersion
from releases.services import release_dashboard
from tests.factories import ModificationFactory, ReleaseFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def release():
    return ReleaseFactory(
        name="June 2031 SEC Release", slug="june-2031", implementation_date=D(2031, 6, 25), status="awaiting_decision"
    )


@pytest.mark.parametrize(
    ("outcome", "status"), [("go", "approved"), ("defer", "deferred"), ("no_go", "awaiting_decision")]
)
def test_the_panels_decision_sets_the_releases_status(release, outcome, status):
    Decision.record(release=release, body="panel", outcome=outcome, date=D(2031, 6, 12), reason="SECP_99_1206_01")
    release.refresh_from_db()
    assert release.status == status
    assert release_dashboard(release)["decision"].outcome == outcome


def test_a_recommendation_does_not_set_the_status(release):
    Decision.record(release=release, body="opsg", outcome="go", date=D(2031, 6, 5))
    release.refresh_from_db()
    assert release.status == "awaiting_decision"


def test_a_withdrawn_go_no_longer_counts_and_the_release_awaits_a_decision_again(release):
    go = Decision.record(release=release, body="panel", outcome="go", date=D(2031, 6, 12))
    go.withdraw(reason="Recorded against the wrong release")
    release.refresh_from_db()
    assert release.status == "awaiting_decision"
    assert release_dashboard(release)["decision"] is None
    assert go.history.first().history_change_reason == "Withdrawn: Recorded against the wrong release"
    # The same body may then record its decision of that day again.
    Decision.record(release=release, body="panel", outcome="no_go", date=D(2031, 6, 12))


def test_a_correction_keeps_its_reason_and_moves_the_status_with_it(release):
    decision = Decision.record(release=release, body="panel", outcome="go", date=D(2031, 6, 12))
    decision.correct(reason="The minutes say defer", outcome="defer")
    release.refresh_from_db()
    assert release.status == "deferred"
    assert decision.history.first().history_change_reason == "Corrected: The minutes say defer"


def test_the_headline_is_the_latest_standing_panel_decision(release):
    Decision.record(release=release, body="panel", outcome="no_go", date=D(2031, 6, 5))
    later = Decision.record(release=release, body="panel", outcome="go", date=D(2031, 6, 12))
    assert release_dashboard(release)["decision"] == later
    later.withdraw(reason="Minuted wrongly")
    assert release_dashboard(release)["decision"].outcome == "no_go"


def test_a_withdrawn_readiness_report_leaves_the_one_before_as_the_latest(release):
    first = ReadinessReport.record(release=release, as_at=D(2031, 5, 1), components=[{"name": "DSP"}], reason="DCC")
    second = ReadinessReport.record(release=release, as_at=D(2031, 6, 1), components=[{"name": "DSP"}], reason="DCC")
    assert ReadinessReport.objects.latest_for(release) == second
    second.withdraw(reason="Sent for the wrong release")
    assert ReadinessReport.objects.latest_for(release) == first
    assert release_dashboard(release)["readiness"] == first


def test_a_correction_of_a_readiness_report_replaces_its_components_with_a_reason(release):
    report = ReadinessReport.record(release=release, as_at=D(2031, 5, 1), components=[{"name": "DSP"}], reason="DCC")
    report.correct(reason="Two components were missing", components=[{"name": "DSP", "state": 3}, {"name": "CSP"}])
    assert [(c.name, c.state) for c in report.components.order_by("position")] == [("DSP", 3), ("CSP", None)]
    assert report.history.first().history_change_reason == "Corrected: Two components were missing"


def test_rid_versions_are_listed_in_version_order_whatever_order_they_were_made(release, api_as, panel_user):
    for version in ("1.10", "0.2", "1.9", "0.10"):
        RidVersion.objects.create(release=release, version=version, changes=f"Draft {version}")
    listed = [v["version"] for v in api_as(panel_user).get("/api/v1/releases/june-2031/rids/").json()["results"]]
    assert listed == ["0.2", "0.10", "1.9", "1.10"]
    assert [v.version for v in release.rid_versions.all()] == listed


def test_a_rename_through_the_api_keeps_the_old_reference_as_an_alias(api_as, secas_user):
    dp124 = ModificationFactory(reference="DP124", title="Consequential changes to DUIS")
    response = api_as(secas_user).patch(
        "/api/v1/modifications/DP124/",
        {"reference": "MP124", "reason": "Became a Modification Proposal"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["reference"] == "MP124"
    assert Modification.objects.by_reference("DP124") == dp124
    assert "DP124" in response.json()["aliases"]


def test_a_date_change_through_the_api_is_a_reschedule_with_its_reason(api_as, secas_user, release):
    response = api_as(secas_user).patch(
        "/api/v1/releases/june-2031/",
        {"implementation_date": "2031-07-02", "date_change_reason": "The Authority asked for a week more"},
        format="json",
    )
    assert response.status_code == 200
    change = release.date_changes.get()
    assert (change.previous_date, change.new_date, change.reason, change.recorded_by) == (
        D(2031, 6, 25),
        D(2031, 7, 2),
        "The Authority asked for a week more",
        secas_user,
    )


def test_the_dcc_neither_creates_nor_deletes_milestones_but_reports_them(api_as, dcc_user, release):
    from releases.models import Milestone

    milestone = Milestone.objects.create(release=release, event="PIT exit", date=D(2031, 2, 1))
    client = api_as(dcc_user)
    assert client.post("/api/v1/releases/june-2031/milestones/", {"event": "x"}, format="json").status_code == 403
    assert client.delete(f"/api/v1/releases/june-2031/milestones/{milestone.pk}/").status_code == 403
    forecast = {"forecast_date": "2031-02-08", "brag": "amber"}
    assert (
        client.patch(f"/api/v1/releases/june-2031/milestones/{milestone.pk}/", forecast, format="json").status_code
        == 200
    )
