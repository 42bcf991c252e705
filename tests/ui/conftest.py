"""A November 2020 release much like the demo's, built from the factories, for the browser UI tests."""

import datetime

import pytest

from secreleases.clock import as_of
from tests.factories import (
    ChangeRequestFactory,
    CriterionFactory,
    DecisionFactory,
    MilestoneFactory,
    ModificationFactory,
    ReadinessComponentFactory,
    ReadinessReportFactory,
    ReleaseFactory,
    RiskFactory,
    ScopeItemFactory,
)

PASSWORD = "correct-horse-battery"
# The fixture release is November 2020 as SECAS kept it in spring 2020: its rules (only a release ahead of
# go-live takes scope) judge that day, as the pages' edits did then.
SPRING_2020 = datetime.date(2020, 3, 2)


@pytest.fixture(autouse=True)
def in_spring_2020():
    with as_of(SPRING_2020):
        yield


def build_release(n: int = 1, slug: str = "november-2020", name: str = "November 2020 SEC Release"):
    """A release with n of everything: scope, CRs, milestones, criteria, risks, a readiness report."""
    june = ReleaseFactory(
        slug=f"{slug}-june", name=f"June before {name}", implementation_date=datetime.date(2020, 6, 25)
    )
    release = ReleaseFactory(
        slug=slug,
        name=name,
        implementation_date=datetime.date(2020, 11, 29),
        system_scope_lock_date=datetime.date(2019, 11, 29),
        document_scope_lock_date=datetime.date(2020, 5, 29),
        status="in_testing",
        dcc_quoted_total=1000,
    )
    later = ReleaseFactory(
        slug=f"{slug}-feb", name=f"February after {name}", implementation_date=datetime.date(2021, 2, 25)
    )
    for i in range(n):
        modification = ModificationFactory(title=f"Scope modification {i}")
        ScopeItemFactory(
            release=release,
            modification=modification,
            inclusion="targeted",
            cut_off_date=datetime.date(2020, 9, 1),
            fall_back_release=later,
            added_on=datetime.date(2019, 10, 1),
            status_note="The Change Board vote will be held on 27 May 2020 under Self-Governance.",
        )
        moved = ModificationFactory(title=f"Moved modification {i}")
        old = ScopeItemFactory(
            release=june, modification=moved, inclusion="targeted", added_on=datetime.date(2019, 6, 1)
        )
        old.move_to(release, reason="Moved for testing capacity", on=datetime.date(2020, 3, 1))
        ChangeRequestFactory(release=release)
        MilestoneFactory(
            release=release,
            kind="tracker",
            event=f"SIT complete {i}",
            date=datetime.date(2020, 9, 1),
            forecast_date=datetime.date(2020, 9, 8),
            brag="amber",
            owner="dcc",
        )
        MilestoneFactory(
            release=release, kind="timetable", event=f"Panel go/no-go {i}", date=datetime.date(2020, 11, 13)
        )
        CriterionFactory(release=release, category="operational", reviewer="opsg", status="met")
        CriterionFactory(release=release, category="testing", reviewer="tag", status="at_risk")
        RiskFactory(release=release, description=f"Residual risk {i}", mitigations="First.\n\nSecond.")
        DecisionFactory(
            release=release, body="opsg", outcome="go", date=datetime.date(2020, 11, 10) - datetime.timedelta(days=i)
        )
    report = ReadinessReportFactory(release=release, as_at=datetime.date(2020, 11, 1))
    for i, state in enumerate([1, 2, 3, 4, None][: max(n, 5)]):
        ReadinessComponentFactory(report=report, name=f"Component {i}", state=state, target_state=4, rag="amber")
    for i in range(5, n):
        ReadinessComponentFactory(report=report, name=f"Component {i}", state=2, target_state=3)
    return release


@pytest.fixture
def november(db):
    return build_release()


@pytest.fixture
def client_as(client):
    """client_as(user) logs the test client in as that user (None: anonymous)."""

    def log_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return log_in
