"""SECP_76_1701_23 (10 January 2020) and its Appendix A, the June 2020 RID v1.1; the April 2020 update."""

import datetime
from decimal import Decimal

from acceptance.models import Criterion, Risk, StandardCriterion
from modifications.models import ChangeRequest, DocumentImpact, ParticipantImpact, SecDocument
from releases.choices import DateKind, DocumentKind, Inclusion
from releases.models import Narrative, RidVersion, ScopeItem

from .helpers import active_item, mod, release, scope

JUNE = "june-2020"


def test_its_scope_locks_are_the_dates_the_panel_baselined():
    """RID section 3, timetable rows 1-2: 11 October 2019 (DCC Systems) and 17 January 2020 (SEC documents)."""
    june = release(JUNE)
    assert june.system_scope_lock_date == datetime.date(2019, 10, 11)
    assert june.document_scope_lock_date == datetime.date(2020, 1, 17)
    assert june.system_scope_lock_recorded and june.document_scope_lock_recorded
    assert not june.system_scope_lock_is_policy_default


def test_secmp0053_is_approved_and_the_others_targeted_as_in_rid_section_1():
    """RID section 1: SECMP0053 approved; SECMP0062 part 1, MP079 targeted (MP084/MP088 since moved)."""
    assert scope(JUNE, Inclusion.APPROVED) == {"SECMP0053"}
    assert scope(JUNE, Inclusion.TARGETED) == {"SECMP0062 Part 1", "MP079"}
    assert mod("SECMP0053").phase == "approved"


def test_mp084_and_mp088_were_in_june_2020_and_are_now_deferred_from_it():
    """Paper section 2 (January) proposed them for June 2020; OPSG_33_0206_15 (May) has them in November."""
    assert scope(JUNE, Inclusion.DEFERRED) == {"MP084", "MP088"}


def test_none_of_the_january_items_is_an_exception():
    """Paper section 2: the non-system modifications were added before the 17 January document-scope lock."""
    assert not release(JUNE).scope_items.filter(is_exception=True).exists()


def test_it_was_replanned_from_25_june_to_6_may_2020():
    """April 2020 paper section 2: Panel request to the Authority; DCC tracker go-live 06/05/2020."""
    june = release(JUNE)
    assert june.implementation_date == datetime.date(2020, 5, 6)
    change = june.date_changes.get(kind=DateKind.IMPLEMENTATION)
    assert (change.previous_date, change.new_date) == (datetime.date(2020, 6, 25), datetime.date(2020, 5, 6))
    assert "Authority" in change.reason
    dated = [row.history_date.date() for row in june.history.order_by("history_date")]
    assert dated[0] == datetime.date(2020, 1, 10) and dated[-1] == datetime.date(2020, 4, 8)


def test_the_dcc_quote_is_kept_and_differs_from_the_breakdown_by_minus_60000():
    """RID section 5: quoted £1,120,042; the breakdown sums to £1,180,042."""
    june = release(JUNE)
    assert june.dcc_quoted_total == Decimal("1120042")
    assert june.breakdown_total() == Decimal("1180042")
    assert june.cost_difference() == Decimal("-60000")


def test_the_cost_breakdown_has_a_line_per_system_modification_and_phase():
    """RID section 5, 'Breakdown of DCC implementation costs'."""
    line = release(JUNE).cost_lines.get(modification=mod("SECMP0062"))
    assert (line.design_build_pit, line.sit, line.uit, line.implement_to_live) == (
        Decimal("964346"),
        Decimal("96995"),
        Decimal("9359"),
        Decimal("17692"),
    )
    assert line.release.cost_lines.get(modification=mod("SECMP0053")).total == Decimal("91650")


def test_secas_costs_are_two_days_and_twenty_days():
    """RID section 5, SECAS costs: two days (~£1,200) and at most 20 days (~£12,000)."""
    costs = list(release(JUNE).secas_costs.values_list("days", "amount"))
    assert costs == [(Decimal("2.0"), Decimal("1200.00")), (Decimal("20.0"), Decimal("12000.00"))]


def test_the_rid_lists_nine_operational_and_six_testing_criteria():
    """RID section 6: 9 operational + 6 testing, no security criterion."""
    criteria = Criterion.objects.filter(release__slug=JUNE)
    assert criteria.filter(category="operational", reviewer="opsg").count() == 9
    assert criteria.filter(category="testing", reviewer="tag").count() == 6
    assert not criteria.filter(category="security").exists()


def test_the_rids_testing_wording_differs_from_annex_1():
    """RID section 6 testing 4 says 'live environment'; Annex 1 testing 4 says 'production environment'."""
    rid_four = Criterion.objects.get(release__slug=JUNE, category="testing", number=4).text
    standard_four = StandardCriterion.objects.get(category="testing", number=4).text
    assert "live environment" in rid_four and "production environment" in standard_four


def test_the_standard_set_of_annex_1_is_nine_six_and_one():
    """Paper Annex 1: 9 operational (OPSG), 6 testing (TAG), 1 security (SSC)."""
    counts = {c: StandardCriterion.objects.filter(category=c).count() for c in ("operational", "testing", "security")}
    assert counts == {"operational": 9, "testing": 6, "security": 1}
    assert StandardCriterion.objects.get(category="security").reviewer == "ssc"


def test_the_timetable_keeps_the_rows_with_no_date():
    """RID section 3: 23 rows, the 14 TAD and test rows without a date, ending with go-live on 25 June 2020."""
    timetable = release(JUNE).milestones.timetable()
    assert timetable.count() == 23
    assert timetable.filter(date__isnull=True).count() == 14
    last = timetable.order_by("-position").first()
    assert (last.event, last.date) == ("Release go-live", datetime.date(2020, 6, 25))
    assert timetable.get(event="Panel go/no-go decision").date == datetime.date(2020, 6, 12)


def test_the_dcc_tracker_has_planned_and_forecast_dates_and_no_brag():
    """April 2020 Appendix A, Milestones Tracker: six rows; user testing opens 4 days late; BRAG was a picture."""
    tracker = release(JUNE).milestones.tracker()
    assert tracker.count() == 6
    window = tracker.get(event="User Testing Window Opens")
    assert (window.date, window.forecast_date, window.slippage_days) == (
        datetime.date(2020, 4, 27),
        datetime.date(2020, 5, 1),
        4,
    )
    assert set(tracker.values_list("brag", flat=True)) == {None}


def test_the_covid_risk_is_possible_and_severe():
    """April 2020 Appendix A, 'June '20 Risks and Issues'."""
    risk = Risk.objects.get(release__slug=JUNE, kind="log")
    assert (risk.likelihood, risk.impact) == ("Possible", "Severe")
    assert risk.mitigation_list == [
        "1. We have in place ways of working which reduces the chance of cross contamination."
    ]


def test_the_version_history_has_five_rows_with_1_0_and_1_1_baselined():
    """RID Appendix 1: 0.1, 0.2, 0.3 drafts; 1.0 baselined 11 Oct 2019; 1.1 dated 10 Jan, baselined 17 Jan 2020."""
    versions = {v.version: v for v in RidVersion.objects.filter(release__slug=JUNE)}
    assert sorted(versions) == ["0.1", "0.2", "0.3", "1.0", "1.1"]
    assert [versions[v].baselined_on for v in ("0.1", "0.2", "0.3")] == [None, None, None]
    assert versions["1.0"].baselined_on == datetime.date(2019, 10, 11) and versions["1.0"].snapshot is None
    assert (versions["1.1"].dated, versions["1.1"].baselined_on) == (
        datetime.date(2020, 1, 10),
        datetime.date(2020, 1, 17),
    )
    assert versions["1.1"].paper == "SECP_76_1701_23"


def test_the_1_1_baseline_froze_the_january_scope_with_mp084_and_mp088():
    """RID v1.1 section 1 as baselined on 17 January 2020, before the May move to November 2020."""
    snapshot = RidVersion.objects.get(release__slug=JUNE, version="1.1").snapshot
    targeted = [row["key"] for row in snapshot["scope"]["targeted"]]
    assert targeted == ["SECMP0062 Part 1", "MP079", "MP084", "MP088"]
    assert [cr["number"] for cr in snapshot["scope"]["change_requests"]] == ["CR1088"]


def test_the_participant_impact_matrix_has_the_papers_ticks():
    """RID section 2, participant impact matrix: SECMP0053 Suppliers and DCC; MP084 Other SEC Parties; MP088 none."""

    def ticks(ref):
        return set(ParticipantImpact.objects.filter(modification=mod(ref)).values_list("participant", flat=True))

    assert ticks("SECMP0053") == {"suppliers", "dcc"}
    assert len(ticks("SECMP0062")) == 5 and len(ticks("MP079")) == 5
    assert ticks("MP084") == {"other_sec_parties"}
    assert ticks("MP088") == set()
    dsp = ParticipantImpact.objects.get(modification=mod("SECMP0062"), participant="dcc")
    assert dsp.area == "Data Service Provider"


def test_the_sec_document_matrix_names_nine_documents_with_titles():
    """RID section 2, SEC document impacts and matrix (e.g. Appendix E by SECMP0053, Section D by MP079 and MP088)."""
    assert SecDocument.objects.count() == 9
    assert SecDocument.objects.get(code="Section A").title == "Definitions and Interpretation"

    def by_document(code):
        return set(DocumentImpact.objects.filter(document__code=code).values_list("modification__reference", flat=True))

    assert by_document("Appendix E") == {"SECMP0053"}
    assert by_document("Section D") == {"MP079", "MP088"}
    assert by_document("Section C") == {"MP084"}
    assert DocumentImpact.objects.count() == 10


def test_cr1088_was_alongside_june_2020_and_is_now_a_november_2020_candidate():
    """RID section 1 (DCC Change Requests) then the DCC slides' scope candidates (2 June 2020)."""
    cr = ChangeRequest.objects.get(number="CR1088")
    releases = [h.release_id for h in cr.history.order_by("history_date")]
    assert releases[0] == release(JUNE).pk
    assert cr.release == release("november-2020") and cr.originator == "dcc"


def test_it_holds_the_june_2020_web_page_and_no_other_code_impacts():
    """RID cover and section 2, 'Other Code impacts'."""
    june = release(JUNE)
    assert june.web_page == "https://smartenergycodecompany.co.uk/june-2020-sec-release/"
    assert june.other_code_impacts == "No other Codes are impacted as a result of this SEC Release."
    assert "SECP_76_1701_23" in june.source_note


def rid_narrative(section: str) -> Narrative:
    return Narrative.objects.get(release__slug=JUNE, document=DocumentKind.RID, section=section)


def test_the_rid_keeps_its_own_paragraphs_section_by_section_with_their_source():
    """RID v1.1: the annex (About), scope's closing statement (1), timeline caveats (3), cost caveats (5)."""
    narratives = Narrative.objects.filter(release__slug=JUNE, document=DocumentKind.RID)
    assert set(narratives.values_list("section", flat=True)) == {
        "about",
        "scope",
        "timeline",
        "costs_dcc",
        "costs_secas",
    }
    assert all(n.source.startswith("SECP_76_1701_23, RID v1.1") for n in narratives)
    assert (
        rid_narrative("scope")
        .blocks[0]["text"]
        .startswith("No further modifications that impact on DCC Systems are expected to be added.")
    )
    about = rid_narrative("about").blocks
    assert [b["style"] for b in about] == ["paragraph", "bullet"]
    assert about[0]["text"] == "This document also has one annex:"
    timeline = rid_narrative("timeline").text
    assert "the DCC is currently working with the TAG" in timeline and "ad-hoc meetings may be required" in timeline
    costs = rid_narrative("costs_dcc").text
    assert "standalone costs" in costs and "combined DCC Preliminary Assessment" in costs
    assert "shared between this SEC Release and the DCC Change Requests" in costs


def test_descriptions_run_on_from_their_titles_as_the_rid_writes_them():
    """RID section 1: "... Processes’ will reduce ...", "... Protection’ proposes to ...": lower case, not capitals."""
    for reference in ("SECMP0053", "SECMP0062", "MP079", "MP084", "MP088"):
        assert mod(reference).summary[0].islower(), reference
    assert mod("SECMP0053").summary.startswith("will reduce the Target Response Times")
    assert ChangeRequest.objects.get(number="CR1088").description.startswith("proposes that the DCC should")


def test_mp084s_proposed_and_alternative_solutions_are_sub_bullets():
    """RID section 1: MP084's bullet has two sub-bullets, the Proposed and the Alternative Solution."""
    lines = mod("MP084").summary.splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("  - The Proposed Solution is to require")
    assert lines[2].startswith("  - The Alternative Solution is to create a new seat")


def test_the_first_part_wording_belongs_to_secmp0062_part_1_not_to_the_modification():
    """RID section 1 writes "the first part ... being implemented in this release" of Part 1 in June 2020."""
    part_1 = ScopeItem.objects.get(release__slug=JUNE, modification=mod("SECMP0062"), part="Part 1")
    assert part_1.description.startswith("SECMP0062 is being implemented in two parts, with the first part")
    assert "first part" not in mod("SECMP0062").summary
    assert active_item("november-2020", "SECMP0062", "Part 2").description == ""


def test_the_panel_previously_approved_secmp0053_and_secmp0062_part_1_for_inclusion():
    """January 2020 paper section 2: "The Panel previously approved two DCC System-impacting modifications"."""
    for reference, part in (("SECMP0053", ""), ("SECMP0062", "Part 1")):
        item = ScopeItem.objects.get(release__slug=JUNE, modification=mod(reference), part=part)
        assert item.status_note.startswith("The Panel previously approved"), reference
        assert "SECP_76_1701_23, section 2" in item.status_note
    # RID section 1 still lists part 1 as targeted: its decision was pending.
    assert ScopeItem.objects.get(release__slug=JUNE, modification=mod("SECMP0062")).inclusion == "targeted"


def test_about_this_document_is_not_stored_but_generated_from_the_date():
    """RID v1.1 About: its first paragraph names the go-live date, which moved; only the annex text is stored."""
    assert release(JUNE).summary == ""


def test_secas_costs_are_the_rids_two_sentences_and_one_closing_sentence():
    """RID section 5, SECAS costs: two sentences, then 'This cost has already been accounted for ...' once."""
    notes = list(release(JUNE).secas_costs.values_list("note", flat=True))
    assert notes == [
        "SECAS will incur two days effort, equating to around £1,200, to update and implement the changes to the SEC.",
        "SECAS estimates a maximum of 20 days of effort, equating to around £12,000, will be needed for project "
        "management of the release.",
    ]
    assert rid_narrative("costs_secas").text.startswith("This cost has already been accounted for in the SECAS budget")


def test_the_tracker_names_no_owner_the_dcc_update_does_not_state():
    """April 2020 Appendix A: 'SIT Complete' and 'User Testing Window Opens' name no body; 'TAG SIT Approval' does."""
    owners = dict(release(JUNE).milestones.tracker().values_list("event", "owner"))
    assert owners["SIT Complete"] is None and owners["User Testing Window Opens"] is None
    assert owners["TAG SIT Approval"] == "tag" and owners["SEC Ops Group Approval"] == "opsg"


def test_quotes_are_as_printed():
    """RID sections 2 and 6 print curly quotes: ‘Update Device Configuration ...’, consumers’ experience."""
    supplier = ParticipantImpact.objects.get(modification=mod("SECMP0053"), participant="suppliers").summary
    assert "‘Update Device Configuration (Auxiliary Load Control Description)’" in supplier and "'" not in supplier
    assert Criterion.objects.get(release__slug=JUNE, category="operational", number=6).text.endswith(
        "consumers’ experience."
    )
