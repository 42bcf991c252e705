"""SECP_76_1701_23 (10 January 2020): SEC Releases update and the June 2020 RID v1.1 (Appendix A)."""

import datetime
from decimal import Decimal

from acceptance.choices import Category, Reviewer
from acceptance.models import Criterion, StandardCriterion
from modifications.choices import Originator, Phase
from modifications.models import ChangeRequest, CrDependency, DocumentImpact, ParticipantImpact, SecDocument
from releases.choices import DocumentKind, Inclusion, MilestoneKind, ReleaseStatus
from releases.models import CostBreakdownLine, Release, RidVersion, SecasCost

from . import jan2020_rid as rid
from .clock import PaperSource
from .common import modification, record_milestones, record_modification, record_narrative, release, target

# The two DCC-System modifications were in the scope the Panel baselined on 11 October 2019 (RID v1.0).
SYSTEM_SCOPE_BASELINED = datetime.date(2019, 10, 11)
DOCUMENT_SCOPE_BASELINED = datetime.date(2020, 1, 17)

JUNE_2020_MODIFICATIONS = [
    (
        "SECMP0053",
        "Amend Target Response Times for Service Requests Critical to Installation and Commissioning Processes",
        "amend-target-response-times-for-service-requests-critical-to-installation-and-commissioning-processes",
        True,
        (),
    ),
    ("MP079", "Provisions for withdrawing modifications", "provisions-for-withdrawing-modifications", False, ()),
    ("MP084", "Other User Panel Seating Amendment", "other-user-panel-seating-amendment", False, ()),
    ("MP088", "Power to raise modifications", "power-to-raise-modifications", False, ()),
]
NOVEMBER_2020_MODIFICATIONS = [
    (
        "SECMP0046",
        "Allow DNOs to control Electric Vehicle chargers connected to Smart Meter infrastructure",
        "allow-dnos-to-control-electric-vehicle-chargers-connected-to-smart-meter-infrastructure",
        (),
    ),
    ("SECMP0067", "Service Request Traffic Management", "service-request-traffic-management", ()),
    (
        "MP093",
        "Implementing IRP511 and CRP535 to support GBCS v3.2 devices",
        "implementing-irp511-and-crp535-to-support-gbcs-v3-2-devices",
        (),
    ),
]
# "Previously targeted for the November 2020 SEC Release ... now expected to be implemented in 2021."
EXPECTED_IN_2021 = [
    ("SECMP0007", "Firmware updates to IHDs and PPMIDs", "firmware-updates-to-ihds-and-ppmids"),
    (
        "SECMP0015",
        "GPF timestamp for reading instantaneous Gas values",
        "gpf-timestamp-for-reading-instantaneous-gas-values",
    ),
    (
        "SECMP0024",
        "Enduring Approach to Communication Hub Firmware Management",
        "enduring-approach-to-communication-hub-firmware-management",
    ),
    (
        "SECMP0056",
        "IHD / PPMID Zigbee Attributes Available on the HAN",
        "ihd-ppmid-zigbee-attributes-available-on-the-han",
    ),
    (
        "MP078",
        "Incorporation of multiple Issue Resolution Proposals into the SEC – Part 2",
        "incorporation-of-multiple-issue-resolution-proposals-into-the-sec-part-2",
    ),
]
NOT_YET_ALLOCATED = (
    "Not possible to deliver in the November 2020 SEC Release: expected to be implemented in 2021; not yet "
    "determined whether the June or the November 2021 SEC Release fits better"
)
# Section 4 names these two only as the "two key Communication Service Provider (CSP) firmware changes"; their
# titles and originators are not stated, so they stay empty.
CSP_FIRMWARE_CRS = [
    ("CR1057", "delivered", "CR1057 is at an advanced stage."),
    (
        "CR1047",
        "exited Pre-Integration Testing (PIT)",
        "There are currently no committed timelines for CR1047, although it is expected to be delivered in Q4 2020.",
    ),
]
CSP_FIRMWARE_DESCRIPTION = (
    "One of two key Communication Service Provider (CSP) firmware changes to be delivered prior to development "
    "commencing on SECMP0007, SECMP0015, SECMP0024, SECMP0056 and MP078 (SECP_76_1701_23, section 4)."
)
# Section 2: "The Panel previously approved two DCC System-impacting modifications for inclusion in the June 2020
# SEC Release on 25 June 2020"; the RID still lists SECMP0062 part 1 as targeted (its decision is pending).
PREVIOUSLY_APPROVED = (
    "The Panel previously approved {what} for inclusion in the June 2020 SEC Release (SECP_76_1701_23, section 2)."
)


def load(source: PaperSource) -> None:
    create_releases(source)
    record_standard_criteria(source)
    load_june_2020(source)
    load_november_2020(source)
    load_2021(source)


def create_releases(source: PaperSource) -> None:
    june_2020 = Release(
        slug="june-2020",
        name="June 2020 SEC Release",
        implementation_date=datetime.date(2020, 6, 25),
        system_scope_lock_date=SYSTEM_SCOPE_BASELINED,
        document_scope_lock_date=DOCUMENT_SCOPE_BASELINED,
        status=ReleaseStatus.SCOPE_BASELINED,
        test_strategy=rid.TEST_STRATEGY,
        other_code_impacts=rid.OTHER_CODE_IMPACTS,
        dcc_quoted_total=Decimal(rid.DCC_QUOTED_TOTAL),
        operational_cost_impact=rid.OPERATIONAL_COSTS,
        web_page=rid.WEB_PAGE,
        source_note=(
            "SECP_76_1701_23 (Panel, 10 January 2020) and its Appendix A, the June 2020 RID v1.1; the Panel SEC "
            "Releases update of 8 April 2020 and its Appendix A, the DCC update of 7 April 2020."
        ),
    )
    others = [
        Release(
            slug="november-2020",
            name="November 2020 SEC Release",
            source_note=(
                "SECP_76_1701_23 (10 January 2020); Panel SEC Releases update (8 April 2020); OPSG_33_0206_15 "
                "(26 May 2020, RID v4.0 mentioned); DCC November '20 SEC Release slides (as at 2 June 2020)."
            ),
        ),
        Release(
            slug="june-2021",
            name="June 2021 SEC Release",
            source_note="SECP_76_1701_23 (10 January 2020); Panel SEC Releases update (8 April 2020); "
            "OPSG_33_0206_15 (26 May 2020). No paper states its implementation date.",
        ),
        Release(
            slug="november-2021",
            name="November 2021 SEC Release",
            source_note="SECP_76_1701_23 (10 January 2020); Panel SEC Releases update (8 April 2020); "
            "OPSG_33_0206_15 (26 May 2020). No paper states its implementation date.",
        ),
    ]
    for new in [june_2020, *others]:
        new.full_clean()
        source.save(new, "Release recorded")


def record_standard_criteria(source: PaperSource) -> None:
    """Annex 1, proposed for use going forward; new releases start from a copy of it."""
    sets = (
        (Category.OPERATIONAL, Reviewer.OPSG, rid.OPERATIONAL_CRITERIA),
        (Category.TESTING, Reviewer.TAG, rid.STANDARD_TESTING_CRITERIA),
        (Category.SECURITY, Reviewer.SSC, rid.STANDARD_SECURITY_CRITERIA),
    )
    for category, reviewer, texts in sets:
        for number, text in enumerate(texts, start=1):
            standard = StandardCriterion(category=category, number=number, text=text, reviewer=reviewer)
            standard.full_clean()
            source.save(standard, "Standard acceptance criterion (Annex 1)")
    for slug in ("november-2020", "june-2021", "november-2021"):
        Criterion.adopt_standard_set(release(slug))


def load_june_2020(source: PaperSource) -> None:
    june_2020 = release("june-2020")
    for reference, title, page, system, aliases in JUNE_2020_MODIFICATIONS:
        record_modification(
            source,
            reference,
            title,
            page=page,
            summary=rid.SUMMARIES[reference],
            impacts_dcc_systems=system,
            aliases=aliases,
        )
    source.amend(modification("SECMP0062"), "RID summary", summary=rid.SUMMARIES["SECMP0062"])
    # "One Modification Proposal has been approved for inclusion in this release."
    source.amend(modification("SECMP0053"), "Approved (June 2020 RID v1.1)", phase=Phase.APPROVED)

    target(
        source,
        "june-2020",
        "SECMP0053",
        inclusion=Inclusion.APPROVED,
        added_on=SYSTEM_SCOPE_BASELINED,
        status_note=PREVIOUSLY_APPROVED.format(what="SECMP0053"),
    )
    target(
        source,
        "june-2020",
        "SECMP0062",
        part="Part 1",
        added_on=SYSTEM_SCOPE_BASELINED,
        description=rid.SECMP0062_PART_1,
        status_note=PREVIOUSLY_APPROVED.format(what="SECMP0062 part 1"),
    )
    for reference in ("MP079", "MP084", "MP088"):
        target(source, "june-2020", reference)
    for section, (where, text) in rid.NARRATIVE.items():
        record_narrative(source, june_2020, DocumentKind.RID, section, text, where)

    record_impacts(source)
    record_timetable(source, june_2020)
    record_june_2020_criteria(source, june_2020)
    record_costs(source, june_2020)
    record_draft_versions(source, june_2020)
    cr = ChangeRequest(
        number="CR1088",
        title="DCC Production Proving",
        description=rid.CR1088_DESCRIPTION,
        originator=Originator.DCC,
        release=june_2020,
    )
    cr.full_clean()
    source.save(cr, "Targeted for implementation alongside the June 2020 SEC Release")


def record_impacts(source: PaperSource) -> None:
    for reference, participants in rid.PARTICIPANT_MATRIX.items():
        for participant in participants:
            area, summary = next(
                ((a, text) for (r, p, a), text in rid.IMPACT_SUMMARIES.items() if (r, p) == (reference, participant)),
                ("", ""),
            )
            impact = ParticipantImpact(
                modification=modification(reference), participant=participant, area=area, summary=summary
            )
            impact.full_clean()
            source.save(impact, "Participant impact matrix, June 2020 RID")
    for position, (code, title) in enumerate(rid.SEC_DOCUMENTS, start=1):
        document = SecDocument(code=code, title=title, position=position)
        document.full_clean()
        source.save(document, "SEC document impacts, June 2020 RID")
        for reference in rid.DOCUMENT_MATRIX[code]:
            source.save(
                DocumentImpact(modification=modification(reference), document=document),
                "SEC document impact matrix, June 2020 RID",
            )


def record_timetable(source: PaperSource, june_2020: Release) -> None:
    record_milestones(
        source, june_2020, MilestoneKind.TIMETABLE, rid.TIMETABLE, "Release implementation timetable, June 2020 RID"
    )


def record_june_2020_criteria(source: PaperSource, june_2020: Release) -> None:
    for category, texts in (
        (Category.OPERATIONAL, rid.OPERATIONAL_CRITERIA),
        (Category.TESTING, rid.RID_TESTING_CRITERIA),
    ):
        for number, text in enumerate(texts, start=1):
            criterion = Criterion(release=june_2020, category=category, number=number, text=text)
            criterion.full_clean()
            source.save(criterion, "Acceptance criterion, June 2020 RID section 6")


def record_costs(source: PaperSource, june_2020: Release) -> None:
    for reference, (design, sit, uit, implement) in rid.COST_BREAKDOWN.items():
        line = CostBreakdownLine(
            release=june_2020,
            modification=modification(reference),
            design_build_pit=Decimal(design),
            sit=Decimal(sit),
            uit=Decimal(uit),
            implement_to_live=Decimal(implement),
        )
        line.full_clean()
        source.save(line, "Breakdown of DCC implementation costs, June 2020 RID")
    for activity, days, amount, note in rid.SECAS_COSTS:
        cost = SecasCost(release=june_2020, activity=activity, days=Decimal(days), amount=Decimal(amount), note=note)
        cost.full_clean()
        source.save(cost, "SECAS costs, June 2020 RID")


def record_draft_versions(source: PaperSource, june_2020: Release) -> None:
    """Versions 0.1 to 1.0 as the version table gives them; the paper does not give their content."""
    for version, dated, changes, baselined_on in rid.DRAFT_VERSIONS:
        row = RidVersion(
            release=june_2020,
            version=version,
            dated=dated,
            changes=changes,
            baselined_on=baselined_on,
            paper=source.reference if baselined_on is None else "",
        )
        row.full_clean()
        source.save(row, "Version control, June 2020 RID v1.1")


def load_november_2020(source: PaperSource) -> None:
    for reference, title, page, aliases in NOVEMBER_2020_MODIFICATIONS:
        record_modification(source, reference, title, page=page, impacts_dcc_systems=True, aliases=aliases)
    for reference, title, page in EXPECTED_IN_2021:
        record_modification(source, reference, title, page=page, impacts_dcc_systems=True)

    # The state the paper reports as "previously targeted", then its review of it.
    for reference, *_ in EXPECTED_IN_2021:
        target(source, "november-2020", reference)
    target(source, "november-2020", "SECMP0046")
    target(source, "november-2020", "SECMP0062", part="Part 2")
    target(source, "november-2020", "SECMP0067")
    target(source, "november-2020", "MP093")
    for reference, *_ in EXPECTED_IN_2021:
        previous = modification(reference).scope_items.get(release__slug="november-2020")
        previous.remove(reason=source.reason(NOT_YET_ALLOCATED))


def load_2021(source: PaperSource) -> None:
    """The CSP firmware dependencies that hold back the 2021 modifications."""
    crs = {}
    for number, condition, note in CSP_FIRMWARE_CRS:
        cr = ChangeRequest(
            number=number,
            description=CSP_FIRMWARE_DESCRIPTION,
            notes=f"{note} Its title and originator are not stated in the papers.",
        )
        cr.full_clean()
        crs[number] = (source.save(cr, "DCC Change Request named as a dependency"), condition)
    for reference, *_ in EXPECTED_IN_2021:
        for cr, condition in crs.values():
            dependency = CrDependency(modification=modification(reference), change_request=cr, condition=condition)
            dependency.full_clean()
            source.save(dependency, "Development cannot commence until CR1057 is delivered and CR1047 exits PIT")
