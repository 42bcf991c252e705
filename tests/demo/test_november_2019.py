"""SECP_74_1511_22, Panel paper of 8 November 2019: approval to implement the November 2019 SEC Release."""

import datetime

from acceptance.models import Criterion, Risk
from releases.choices import DateKind, DecisionBody, DocumentKind, Outcome
from releases.models import Narrative, Paper

from .helpers import release


def test_it_slipped_to_29_november_2019_for_additional_testing():
    """Section 4 (TAG): the additional testing of CR1066's deactivation delayed implementation until 29 November."""
    nov_2019 = release("november-2019")
    assert nov_2019.implementation_date == datetime.date(2019, 11, 29)
    change = nov_2019.date_changes.get(kind=DateKind.IMPLEMENTATION)
    assert change.previous_date is None  # the paper does not state the earlier date
    assert "CR1066" in change.reason and change.paper == "SECP_74_1511_22"


def test_it_was_judged_on_the_older_set_of_seven_criteria_without_categories():
    """Section 2: seven criteria, neither categorised nor assigned to a reviewer by the paper."""
    criteria = Criterion.objects.filter(release__slug="november-2019")
    assert criteria.count() == 7
    assert set(criteria.values_list("category", flat=True)) == {None}
    assert set(criteria.values_list("reviewer", flat=True)) == {None}
    assert (
        criteria.get(number=6).text
        == "The DCC has demonstrated that it is ready to operate the new or updated capabilities."
    )


def test_the_opsg_and_the_tag_both_recommended_go_on_8_november():
    """Sections 3 and 4: the OPSG and the TAG agreed the go-live criteria have been met."""
    decisions = release("november-2019").decisions.all()
    assert {(d.body, d.outcome, d.date) for d in decisions} == {
        (DecisionBody.OPSG, Outcome.GO, datetime.date(2019, 11, 8)),
        (DecisionBody.TAG, Outcome.GO, datetime.date(2019, 11, 8)),
    }
    assert not decisions.filter(body=DecisionBody.PANEL).exists()  # the paper asks for it; no decision recorded


def test_the_residual_risk_has_three_numbered_mitigations_and_the_opsgs_view():
    """Section 5: the SECMP0062 feature-switch risk, the DCC's approach 1-3, the Sub-Committees' views."""
    risk = Risk.objects.get(release__slug="november-2019", kind="residual")
    assert risk.description.startswith("There is a risk that SECMP0062 will be deployed ‘ON’")
    assert [m[:2] for m in risk.mitigation_list] == ["1.", "2.", "3."]
    assert "Release Management checklist and Runbook" in risk.views
    assert risk.raised_by == "DCC"


def test_the_paper_is_recorded_with_its_action_and_recommendations():
    """Header and section 7: SECP_74_1511_22, For Decision, White, NOTE and AGREE."""
    paper = Paper.objects.get(reference="SECP_74_1511_22")
    assert (paper.action, paper.classification, paper.date) == ("for_decision", "white", datetime.date(2019, 11, 8))
    assert paper.recommendations.startswith("NOTE") and "AGREE" in paper.recommendations


def views_of(section: str) -> list[dict]:
    return Narrative.objects.get(
        release__slug="november-2019", document=DocumentKind.APPROVAL_TO_IMPLEMENT, section=section
    ).blocks


def test_the_opsg_noted_five_dcc_statements_and_agreed_the_criteria_were_met():
    """Section 3: the OPSG noted five statements from the DCC, then agreed the go-live criteria have been met."""
    blocks = views_of("opsg_views")
    assert [b["style"] for b in blocks] == ["paragraph"] + ["bullet"] * 5 + ["paragraph"]
    assert blocks[0]["text"].endswith("It noted the following statements from the DCC:")
    assert blocks[2]["text"].startswith("The DCC has established the Technical Operating Centre (TOC)")
    assert blocks[-1]["text"] == (
        "The OPSG agreed that the go-live criteria have been met and that the November 2019 SEC Release is ready to "
        "be set live."
    )


def test_the_tag_noted_seven_points_and_agreed_the_criteria_were_met():
    """Section 4: the TAG's seven points (SIT A, performance test, late information...) and its agreement."""
    blocks = views_of("tag_views")
    assert [b["style"] for b in blocks] == ["paragraph"] + ["bullet"] * 7 + ["paragraph"]
    assert "SIT A environment" in blocks[5]["text"]
    assert blocks[7]["text"].startswith("Significant frustration was expressed by the TAG")
    assert blocks[-1]["text"].startswith("The TAG agreed that the go-live criteria have been met")


def test_each_recommendation_carries_the_sentence_its_body_agreed():
    """Sections 3 and 4: the decisions' notes are the papers' closing sentences, not a paraphrase."""
    notes = dict(release("november-2019").decisions.values_list("body", "notes"))
    assert notes[DecisionBody.OPSG] == views_of("opsg_views")[-1]["text"]
    assert notes[DecisionBody.TAG] == views_of("tag_views")[-1]["text"]


def test_the_opsg_accepted_the_residual_risks_mitigations():
    """Section 5: 'The OPSG accepted the DCC’s planned mitigations subject to this clarification.'"""
    risk = Risk.objects.get(release__slug="november-2019", kind="residual")
    assert risk.status == "accepted"
    assert risk.views.endswith("The OPSG accepted the DCC’s planned mitigations subject to this clarification.")


def test_its_scope_locks_are_policy_defaults_not_recorded_ones():
    """SECP_74_1511_22 states no scope lock: the dates shown are the policy's, 12 and 6 months before 29 Nov 2019."""
    nov_2019 = release("november-2019")
    assert (nov_2019.system_scope_lock_date, nov_2019.document_scope_lock_date) == (
        datetime.date(2018, 11, 29),
        datetime.date(2019, 5, 29),
    )
    assert not nov_2019.system_scope_lock_recorded and not nov_2019.document_scope_lock_recorded
    assert nov_2019.system_scope_lock_is_policy_default
