"""The dashboard as the go/no-go pack the Panel takes into the meeting, from the demo's papers."""

import re

import pytest
from django.urls import reverse


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


@pytest.fixture
def pack(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="panel"))

    def read(slug, **query):
        response = client.get(reverse("releases:dashboard", kwargs={"slug": slug}), query)
        assert response.status_code == 200
        return response.content.decode()

    return read


def section(html: str, anchor: str) -> str:
    return text_of(html.split(f'id="{anchor}"')[1].split('<section id="')[0])


def test_november_2019s_go_recommendations_say_why_they_sit_beside_seven_criteria_not_assessed(pack):
    """SECP_74_1511_22 gives each body's overall view, not an assessment per criterion: the pack says so."""
    decision = section(pack("november-2019"), "decision")
    assert "Operations Group recommends Go (8 Nov 2019, SECP_74_1511_22)" in decision
    assert "The OPSG agreed that the go-live criteria have been met" in decision
    assert (
        "The OPSG and the TAG recommended go on 8 November 2019; the record holds no one-by-one assessment of the "
        "release's 7 criteria (0 met, 7 not assessed). The paper (SECP_74_1511_22) records each body's overall "
        "view" in decision
    )


def test_each_reviewing_body_shows_its_views_and_the_criteria_with_status_and_evidence(pack):
    criteria = section(pack("november-2019"), "criteria")
    assert "3. Views of the OPSG" in criteria and "4. Views of the TAG" in criteria
    assert "Early Life Support Service" in criteria and "SIT A environment" in criteria
    assert "Criteria without a stated reviewer" in criteria
    assert criteria.count("Not assessed") == 7


def test_the_residual_risk_shows_its_mitigations_and_the_sub_committees_views(pack):
    risks = section(pack("november-2019"), "risks")
    assert "Residual risks (1)" in risks and "Accepted" in risks
    assert "1. The DCC Transition Team will review release notes" in risks
    assert "The OPSG accepted the DCC’s planned mitigations subject to this clarification." in risks


def test_the_scope_shows_each_items_approval_state_and_cut_off(pack):
    scope = section(pack("november-2020", as_at="2020-05-26"), "scope")
    assert re.search(r"MP084 Other User Panel Seating Amendment Targeted \(decision pending\) \S.* 22 Oct 2020", scope)
    assert "approved for inclusion" in scope


def test_the_pack_as_at_a_day_says_so_and_the_live_one_does_not(pack):
    assert "The record as it stood at the end of 26 May 2020" in text_of(pack("november-2020", as_at="2020-05-26"))
    assert "as-at-banner" not in pack("november-2020")


def test_the_pack_prints_a_section_a_page_without_the_navigation():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "app.css").read_text()
    printed = css[css.index("@media print") :]
    assert ".pack-section + .pack-section { break-before: page; }" in printed
    assert ".site-header" in printed and ".no-print" in printed
