"""A release with something in every nested resource, and a client for each member of the cast."""

import datetime

import pytest
from rest_framework.test import APIClient

from tests.conftest import api_client_for
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

ROLES = ("anonymous", "outsider", "panel", "dcc", "secas")


@pytest.fixture
def cast(secas_user, dcc_user, panel_user, outsider):
    return {"secas": secas_user, "dcc": dcc_user, "panel": panel_user, "outsider": outsider, "anonymous": None}


@pytest.fixture
def client_as(cast):
    """client_as("dcc") is a token-authenticated client for that member of the cast."""

    def make(role: str) -> APIClient:
        return api_client_for(cast[role])

    return make


@pytest.fixture
def secas(client_as):
    return client_as("secas")


@pytest.fixture
def world(db):
    """June 2030 with one item of everything; July 2031 to move things to."""
    june = ReleaseFactory(
        name="June 2030 SEC Release", slug="june-2030", implementation_date=datetime.date(2030, 6, 25)
    )
    later = ReleaseFactory(
        name="July 2031 SEC Release", slug="july-2031", implementation_date=datetime.date(2031, 7, 1)
    )
    mp084 = ModificationFactory(reference="MP084", title="Enduring change of supplier", phase="development")
    mp084.add_alias("SECMP0084")
    item = ScopeItemFactory(release=june, modification=mp084, cut_off_date=datetime.date(2030, 3, 1))
    ModificationFactory(reference="MP085", title="Never in scope")
    report = ReadinessReportFactory(release=june, as_at=datetime.date(2030, 5, 1))
    ReadinessComponentFactory(report=report, name="DCC Processes", state=2, target_state=4, rag="amber")
    return {
        "release": june,
        "later": later,
        "modification": mp084,
        "item": item,
        "milestone": MilestoneFactory(release=june, event="Panel go/no-go", date=datetime.date(2030, 6, 12)),
        "criterion": CriterionFactory(release=june, number=1),
        "risk": RiskFactory(release=june),
        "decision": DecisionFactory(release=june),
        "report": report,
        "change_request": ChangeRequestFactory(number="CR1145", release=june),
    }
