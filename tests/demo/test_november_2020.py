"""November 2020: SECP_76_1701_23 (January), the April 2020 update, OPSG_33_0206_15 (May), the DCC slides (2 June)."""

import datetime

from acceptance.choices import ReadinessState
from acceptance.models import ReadinessReport, Risk
from modifications.models import ChangeRequest, KeyDate
from releases.choices import DateKind, DocumentKind, Inclusion
from releases.models import Narrative, RidVersion, ScopeItem

from .helpers import active_item, mod, release, scope

NOV = "november-2020"


def test_its_scope_is_the_may_papers_list():
    """OPSG_33_0206_15 section 2.1: the seventeen modifications currently in scope."""
    assert scope(NOV, Inclusion.APPROVED, Inclusion.TARGETED) == {
        "SECMP0062 Part 2", "MP080", "MP081", "MP084", "MP088", "MP093", "MP098", "MP101", "MP102A",
        "MP103", "MP110", "MP112", "MP115", "MP118", "MP120", "DP124", "DP127",
    }  # fmt: skip


def test_approved_for_inclusion_items_are_approved():
    """OPSG_33_0206_15 section 2.1 'Approved for inclusion': SECMP0062 part 2, MP081, MP093, MP112, MP120."""
    assert scope(NOV, Inclusion.APPROVED) == {"SECMP0062 Part 2", "MP081", "MP093", "MP112", "MP120"}


def test_mp084_went_from_june_2020_to_november_2020_with_a_cut_off_of_22_october():
    """SECP_76_1701_23 section 2 put it in June 2020; OPSG_33_0206_15 section 2.1 in November 2020."""
    items = ScopeItem.objects.filter(modification=mod("MP084")).order_by("pk")
    assert [(i.release.slug, i.inclusion) for i in items] == [("june-2020", "deferred"), (NOV, "targeted")]
    moved = items.last()
    assert moved.replaces == items.first()
    assert moved.cut_off_date == datetime.date(2020, 10, 22)
    assert moved.added_on == datetime.date(2020, 5, 26)
    assert moved.status_note.startswith("The Change Board recommended MP084 be rejected on 26 February 2020.")


def test_mp084s_history_is_dated_by_the_papers():
    """History of MP084's items: January 2020 in June 2020, then May 2020 in November 2020."""
    rows = ScopeItem.history.filter(modification_id=mod("MP084").pk).order_by("history_date")
    dated = [(row.history_date.date(), row.release_id) for row in rows]
    assert dated[0] == (datetime.date(2020, 1, 10), release("june-2020").pk)
    assert dated[-1] == (datetime.date(2020, 5, 26), release(NOV).pk)


def test_mp084_and_mp088_are_with_the_authority():
    """OPSG_33_0206_15 section 2.1: both 'now with the Authority for decision'."""
    assert mod("MP084").phase == mod("MP088").phase == "with_authority"
    assert KeyDate.objects.get(modification=mod("MP088")).date == datetime.date(2020, 2, 26)


def test_secmp0067_was_sent_back_and_falls_back_to_june_2021():
    """OPSG_33_0206_15 section 3.1: the Authority sent it back; the DCC proposes the June 2021 release."""
    secmp0067 = mod("SECMP0067")
    assert secmp0067.phase == "sent_back"
    assert [(i.release.slug, i.inclusion) for i in secmp0067.scope_items.order_by("pk")] == [
        (NOV, "deferred"),
        ("june-2021", "targeted"),
    ]
    assert "June 2021" in active_item("june-2021", "SECMP0067").status_note


def test_secmp0046_left_november_2020_for_november_2021_in_april():
    """SECP_76_1701_23 section 3 (in scope), April 2020 section 4.1 (allocated to November 2021)."""
    moved = active_item("november-2021", "SECMP0046")
    assert moved.added_on == datetime.date(2020, 4, 8)
    assert moved.replaces.release.slug == NOV and moved.replaces.inclusion == "deferred"


def test_mp093s_status_went_from_a_change_board_vote_to_approved():
    """April 2020 section 3.1 (vote on 22 April 2020) then OPSG_33_0206_15 section 2.1 (approved for inclusion)."""
    item = active_item(NOV, "MP093")
    notes = [row.status_note for row in item.history.order_by("history_date")]
    assert any("22 April 2020" in note for note in notes)
    assert item.status_note == "Approved for inclusion."
    assert mod("MP093").phase == "approved" and mod("MP093").route == "self_governance"


def test_it_was_replanned_for_sunday_29_november_2020():
    """OPSG_33_0206_15 section 2.2: the RID's timetable is based on 29 November 2020."""
    nov = release(NOV)
    assert nov.implementation_date == datetime.date(2020, 11, 29)
    change = nov.date_changes.get(kind=DateKind.IMPLEMENTATION)
    assert change.previous_date is None and change.paper == "OPSG_33_0206_15"


def test_rid_v4_0_is_recorded_without_a_date():
    """OPSG_33_0206_15 section 2.1 and attachments: RID v4.0 baselined, its date not stated."""
    version = RidVersion.objects.get(release__slug=NOV, version="4.0")
    assert version.dated is None and version.baselined_on is None and version.snapshot is None


def test_crtbc_organisation_certificates_became_cr1355():
    """OPSG_33_0206_15 section 2.1 (CRTBC) then the DCC slides' scope candidates (1355)."""
    cr = ChangeRequest.objects.get(number="CR1355")
    numbers = [h.number for h in cr.history.order_by("history_date")]
    assert numbers[0] is None and numbers[-1] == "CR1355"
    assert cr.title == "Organisation Certificates for Users use to sign XML messages for communication over DUIS"


def test_cr1277_and_cr1290_titles_follow_the_papers():
    """April 2020 section 3.1, OPSG_33_0206_15 section 2.1, DCC slides: CR1277 and CR1290 retitled."""
    cr1277 = ChangeRequest.objects.get(number="CR1277")
    assert [h.title for h in cr1277.history.order_by("history_date")] == [
        "Install Code validation reinstatement. Requested by DCC",
        "Install Code validation reinstatement",
        "Completion of CR1164 Change to Install Code Length in 8.11",
    ]
    assert ChangeRequest.objects.get(number="CR1290").title == "Re-Scaling of Gas Flow Rate in SRV 6.7 to match SMETS2"


def test_the_scope_candidates_table_columns_are_kept():
    """DCC slides, scope candidates: CR1145 Y Y v4.3 & V5.0 v4.0 4.0; CR1233 N N ~ V4.0 ~."""
    cr1145 = ChangeRequest.objects.get(number="CR1145")
    assert (cr1145.duis_schema_change, cr1145.duis_document_change) == (True, True)
    assert (cr1145.smets_version, cr1145.gbcs_version, cr1145.proposed_duis_version) == ("v4.3 & V5.0", "v4.0", "4.0")
    cr1233 = ChangeRequest.objects.get(number="CR1233")
    assert (cr1233.duis_schema_change, cr1233.gbcs_version, cr1233.originator) == (False, "V4.0", "beis")


def test_cr1118_and_cr1137_deliver_modifications():
    """DCC slides: 1118 SECMP0093 (MP093) and 1137 SECMP0062 Part 2."""
    assert ChangeRequest.objects.get(number="CR1118").modification == mod("MP093")
    cr1137 = ChangeRequest.objects.get(number="CR1137")
    assert (cr1137.modification.reference, cr1137.modification_part) == ("SECMP0062", "Part 2")


def test_the_ops_group_key_dates_are_milestones():
    """DCC slides, SEC Ops Group key dates: nine rows, 'August – Oct' without a single date."""
    tracker = release(NOV).milestones.tracker()
    assert tracker.count() == 9
    assert tracker.get(event="SEC Ops Group approval for Go-Live").date == datetime.date(2020, 11, 3)
    assert tracker.get(date__isnull=True).notes == "August – Oct"


def test_the_readiness_report_keeps_names_and_rationales_but_no_pictures():
    """DCC slides, Harvey Balls Update as at 2nd June: eight components; states, targets and RAG were pictures."""
    report = ReadinessReport.objects.get(release__slug=NOV)
    assert (report.as_at, report.target_date) == (datetime.date(2020, 6, 2), datetime.date(2020, 11, 29))
    components = report.components.all()
    assert components.count() == 8
    assert components.first().name == "DCC Capabilities – Live Service Criteria"
    assert {(c.state, c.target_state, c.rag) for c in components} == {(None, None, None)}
    assert components.get(name="DSP System").rationale.startswith("DB-PIT in progress")


def test_new_releases_start_from_the_standard_set():
    """SECP_76_1701_23 section 5: the standard criteria for use going forward (9 + 6 + 1)."""
    assert release(NOV).criteria.count() == 16
    assert release(NOV).criteria.filter(reviewer="ssc").count() == 1


def test_the_covid_timeline_risk_is_logged_without_likelihood_or_impact():
    """April 2020 section 3.2: COVID-19's risk to the DCC's timelines; the paper rates neither likelihood nor impact."""
    risk = Risk.objects.get(release__slug=NOV, kind="log")
    assert "COVID-19" in risk.description
    assert (risk.likelihood, risk.impact) == ("", "")


def test_moving_cr1088_is_dated_by_the_dcc_slides():
    """DCC slides (as at 2 June 2020): CR1088 joins the November 2020 candidates on that date."""
    last = ChangeRequest.objects.get(number="CR1088").history.order_by("history_date").last()
    assert last.history_date.date() == datetime.date(2020, 6, 2)
    assert "DCC November '20 slides" in last.history_change_reason


def update_text(section: str) -> Narrative:
    return Narrative.objects.get(release__slug=NOV, document=DocumentKind.RELEASES_UPDATE, section=section)


def test_its_testing_approach_is_an_svtad_and_a_single_tad():
    """April 2020 section 3.2: BEIS proposes an SVTAD; the tests are covered in a single TAD under it and D10."""
    approach = update_text("testing_approach")
    assert approach.source == "Panel SEC Releases update, 8 April 2020 (no ref. printed), 3.2"
    assert "SEC Variation Testing Approach Document (SVTAD)" in approach.text
    assert "single TAD developed under both the SVTAD and SEC Section D10" in approach.text
    assert len(approach.blocks) == 4 and {b["style"] for b in approach.blocks} == {"paragraph"}


def test_the_slides_service_impact_summary_keeps_its_bullets_and_sub_bullets():
    """DCC slides, Service Impact Summary: four bullets, CR1145's two sub-bullets, the other CRs' four."""
    blocks = update_text("service_impact").blocks
    assert [b["style"] for b in blocks].count("bullet") == 4
    assert [b["style"] for b in blocks].count("sub_bullet") == 8
    assert (
        blocks[1]["text"]
        == "The greatest service impact will come from CR1145 Auxiliary Proportional Control which will:"
    )
    assert blocks[2] == {
        "style": "sub_bullet",
        "level": 2,
        "text": "Impact c.17 Service Requests (New, Amended or Documentation)",
    }


def test_its_scope_locks_are_policy_defaults_until_a_paper_records_them():
    """No paper states November 2020's lock dates (v4.0's date is not stated): both are the policy's, unrecorded."""
    nov = release(NOV)
    assert (nov.system_scope_lock_date, nov.document_scope_lock_date) == (
        datetime.date(2019, 11, 29),
        datetime.date(2020, 5, 29),
    )
    assert not nov.system_scope_lock_recorded and not nov.document_scope_lock_recorded


def test_harvey_ball_state_3_reads_as_the_slides_key_words_it():
    """DCC slides, Key For Harvey Balls: 'Built, tested, ready for deployment and live operation'."""
    assert ReadinessState.READY_FOR_DEPLOYMENT.label == "Built, tested, ready for deployment and live operation"
    assert ReadinessState(4).label == "Built, tested, deployed and ready for live operation"


def test_its_page_shows_the_paper_text_with_sub_bullets_and_sources(client):
    """The release page sets the slides' service impact summary and the April testing approach as the papers do."""
    from releases.models import User

    client.force_login(User.objects.get(username="panel"))
    page = client.get(f"/releases/{NOV}/").content.decode()

    assert "SEC Releases update: The DCC&#x27;s service impact summary" in page
    assert '<ul class="rid-sub-bullets"><li>Impact c.17 Service Requests (New, Amended or Documentation)</li>' in page
    assert "Source: Panel SEC Releases update, 8 April 2020 (no ref. printed), 3.2" in page
