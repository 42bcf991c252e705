"""The go/no-go pack says where a recommendation and the criteria it rests on disagree, in the record's terms."""

import datetime

import pytest

from releases.asat import RecordAsAt
from releases.gonogo import go_no_go_pack
from tests.factories import CriterionFactory, DecisionFactory, ReleaseFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2020, 11, 10)


def pack_of(release):
    return go_no_go_pack(release, RecordAsAt(None), on=DAY)


def release_with(*statuses, outcome="go"):
    release = ReleaseFactory(implementation_date=datetime.date(2020, 11, 29))
    for number, status in enumerate(statuses, start=1):
        evidence = "Test completion report" if status in ("met", "not_met") else ""
        CriterionFactory(
            release=release, category="operational", reviewer="opsg", number=number, status=status, evidence=evidence
        )
    DecisionFactory(release=release, body="opsg", outcome=outcome, date=DAY, paper="OPSG_40_1011_01")
    return release


def test_a_go_beside_a_criterion_not_met_is_pointed_out():
    (note,) = pack_of(release_with("met", "not_met"))["decision_notes"]
    assert note.startswith("The OPSG recommended go on 10 November 2020 while the record holds 1 of its criteria")
    assert "(1 met, 1 not met)" in note


def test_a_go_on_criteria_not_yet_assessed_says_the_paper_gives_the_bodys_view():
    (note,) = pack_of(release_with("met", "not_assessed"))["decision_notes"]
    assert "no one-by-one assessment of its criteria (1 met, 1 not assessed)" in note
    assert "The paper (OPSG_40_1011_01) records the OPSG's overall view" in note


def test_a_go_on_criteria_all_met_needs_no_note():
    assert pack_of(release_with("met", "met"))["decision_notes"] == []


def test_a_no_go_needs_no_note():
    assert pack_of(release_with("not_met", outcome="no_go"))["decision_notes"] == []
