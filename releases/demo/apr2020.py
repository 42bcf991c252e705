"""Panel SEC Releases update of 8 April 2020, with Appendix A: the DCC update on June 2020 (7 April 2020)."""

import datetime

from acceptance.choices import RiskKind
from acceptance.models import Risk
from modifications.choices import Originator, Phase, Route
from modifications.models import ChangeRequest, KeyDate
from releases.choices import Body, DateKind, DocumentKind, Inclusion, MilestoneKind, ReleaseStatus
from releases.models import Milestone

from .clock import PaperSource
from .common import item, modification, record_modification, record_narrative, release, target

d = datetime.date

# Appendix A's milestones tracker: event, planned date, forecast date. BRAG was a picture: not stated. The owner
# is kept only where the event names the body ("TAG SIT Approval"); no paper says who owns the others.
JUNE_2020_TRACKER = [
    ("SIT Complete", d(2020, 4, 17), d(2020, 4, 17), None),
    ("TAG SIT Approval", d(2020, 4, 29), d(2020, 4, 29), Body.TAG),
    ("User Testing Window Opens", d(2020, 4, 27), d(2020, 5, 1), None),
    ("SEC Ops Group Approval", d(2020, 4, 27), d(2020, 4, 27), Body.OPSG),
    ("SEC Panel Approval", d(2020, 5, 5), d(2020, 5, 5), Body.PANEL),
    ("Go-Live", d(2020, 5, 6), d(2020, 5, 6), None),
]

COVID_RISK = "As a result of COVID 19, there is a risk that people have to take time off, leading to go live slippage."
COVID_MITIGATION = "1. We have in place ways of working which reduces the chance of cross contamination."

NOVEMBER_COVID_RISK = (
    "As a result of COVID-19 impacting its Service Providers, there is an additional risk that timelines could be "
    "delayed, leading to extended design, build and testing phases."
)
NOVEMBER_COVID_MITIGATION = (
    "Moving the release implementation date will also act as a mitigation against this risk. This risk will be "
    "monitored over the coming weeks."
)
SECMP0067_STATUS = (
    "A Working Group meeting has been set up for 14 April 2020 to discuss the Modification Report and the remaining "
    "questions. We are striving to have the Modification Report ready to issue to the Panel in time for "
    "consideration on 17 April 2020 — we expect this will be issued as a late paper. An update will be given in the "
    "Panel meeting, which will include whether it remains possible to include this modification in this release."
)
MP093_STATUS = (
    "This modification will be presented to the Change Board for the final vote under Self-Governance on 22 April 2020."
)
MP098_STATUS = (
    "The Modification Report is due to be presented to the Panel in May 2020 for a Change Board vote under "
    "Self-Governance in June 2020."
)
APPROVED_FOR_INCLUSION = "Approved for inclusion."

BEIS_CRS = [
    ("CR1145", "Auxiliary Proportional Load Control"),
    ("CR1254", "CSP Testing to Support Proportional Load Control"),
    ("CR1277", "Install Code validation reinstatement. Requested by DCC"),
    ("CR1290", "DUIS Change -Re-Scaling of Gas Flow Rate in SRV 6.7 to match SMETS2"),
]

# 4.1 Proposed scope: the initial allocations of the 2021 DCC-System modifications.
JUNE_2021 = [
    ("MP078", None),
    ("MP090", ("Incorporation of Non GBCS Non-Mandated Alerts into the SEC", "")),
    ("MP099", ("Incorporation of multiple Issue Resolution Proposals into the SEC - Batch 4", "")),
]
NOVEMBER_2021 = ["SECMP0007", "SECMP0015", "SECMP0024", "SECMP0056"]
ALLOCATION = "Initial allocation for the 2021 SEC Releases on the DCC Systems (4.1 Proposed scope)"
# 4.2: "If approval is not received by its cut-off date, a modification would then lapse to the next viable
# release (here, the November 2021 SEC Release)."
JUNE_2021_FALL_BACK = "Fall-back: the November 2021 SEC Release (4.2 Next steps)"

# 3.2 Testing approach and timeline, as the paper sets it (the November 2020 testing approach).
TESTING_APPROACH = """Due to the proposed BEIS-led SEC changes being progressed in parallel with this SEC Release, we, the DCC and BEIS have been working to develop a joint approach to developing and approving the Testing Approach Document (TAD).
BEIS is proposing that a SEC Variation Testing Approach Document (SVTAD) for the BEIS related changes is produced. The SVTAD would contain a high-level framework for the testing for the BEIS-led changes and would require the production of a document — the TAD — to contain the detailed testing approach. The SVTAD would recognise that the TAD’s scope will also include testing of the modifications being made at the same time as the BEIS changes. The detail of the actual tests would then be covered in a single TAD developed under both the SVTAD and SEC Section D10. This means that the DCC and Parties would only have a single test approach to work towards.
It is proposed that the governance of the parts of the TAD that apply to the BEIS-led changes would mirror that of equivalent documents in the SVTADs for Release 2.0 and SMETS1 Enrolment & Adoption. It would need to be approved by the TAG and the Panel. BEIS would resolve any disputes between the DCC and the TAG over content where it affected testing of functionality needed to support the BEIS changes. Issues relating only to testing of the modifications would be a matter for the DCC and the Panel to resolve.
We are working to confirm the responsibilities, timeline and approval processes for these documents and the dates for the subsequent testing windows. The DCC will also brief the TAG on this approach in the TAG meeting on 8 April 2020. We will provide any further update on progress at the Panel meeting."""  # noqa: E501


def load(source: PaperSource) -> None:
    load_june_2020(source)
    load_november_2020(source)
    load_2021(source)


def load_june_2020(source: PaperSource) -> None:
    june_2020 = release("june-2020")
    june_2020.reschedule(
        DateKind.IMPLEMENTATION,
        d(2020, 5, 6),
        reason="The Panel request to revise the implementation date to 6 May 2020 has been submitted to the "
        "Authority; the DCC's milestones tracker plans go-live on 06/05/2020 (cutover starts on 5 May).",
        paper=source.reference,
    )
    # Appendix A: "Programme in System Integration Testing and on track".
    source.amend(release("june-2020"), "DCC update of 7 April 2020", status=ReleaseStatus.IN_TESTING)
    # The DCC's update writes "SEC Mod 53" and "SEC Mod 62 Part 1".
    modification("SECMP0053").add_alias("SEC Mod 53")
    modification("SECMP0062").add_alias("SEC Mod 62")
    for position, (event, planned, forecast, owner) in enumerate(JUNE_2020_TRACKER, start=1):
        milestone = Milestone(
            release=june_2020,
            kind=MilestoneKind.TRACKER,
            position=position,
            event=event,
            date=planned,
            forecast_date=forecast,
            owner=owner,
            notes="BRAG status was a picture in the DCC update: not stated.",
        )
        milestone.full_clean()
        source.save(milestone, "DCC milestones tracker, 7 April 2020")
    risk = Risk(
        release=june_2020,
        kind=RiskKind.LOG,
        description=COVID_RISK,
        mitigations=COVID_MITIGATION,
        likelihood="Possible",
        impact="Severe",
        raised_by="DCC",
        source=source.reference,
    )
    risk.full_clean()
    source.save(risk, "June '20 Risks and Issues, DCC update of 7 April 2020")


def load_november_2020(source: PaperSource) -> None:
    # SECMP0046 is no longer in the November 2020 scope; 4.1 allocates it to November 2021.
    item("november-2020", "SECMP0046").move_to(
        release("november-2021"), reason=source.reason("Allocated to the November 2021 SEC Release"), on=source.on
    )
    source.amend(modification("SECMP0062"), "Approved for inclusion (part 2)", phase=Phase.APPROVED)
    part_2 = item("november-2020", "SECMP0062", "Part 2")
    part_2.approve(reason=source.label)
    part_2.update(status_note=APPROVED_FOR_INCLUSION, reason=source.reason("Current status"))
    item("november-2020", "SECMP0067").update(status_note=SECMP0067_STATUS, reason=source.reason("Current status"))
    record_key_date(source, "SECMP0067", d(2020, 4, 14), "Working Group meeting on the Modification Report")
    record_key_date(source, "SECMP0067", d(2020, 4, 17), "Modification Report to the Panel (late paper expected)")

    record_narrative(
        source, release("november-2020"), DocumentKind.RELEASES_UPDATE, "testing_approach", TESTING_APPROACH, "3.2"
    )
    risk = Risk(
        release=release("november-2020"),
        kind=RiskKind.LOG,
        description=NOVEMBER_COVID_RISK,
        mitigations=NOVEMBER_COVID_MITIGATION,
        raised_by="DCC",
        source=source.reference,
    )
    risk.full_clean()
    source.save(risk, "Section 3.2: risk to timelines from COVID-19")

    record_modification(
        source, "MP081", "Alignment of DUIS and CHISM to reflect current DCC Processing", phase=Phase.APPROVED
    )
    target(source, "november-2020", "MP081", inclusion=Inclusion.APPROVED, status_note=APPROVED_FOR_INCLUSION)

    source.amend(modification("MP093"), "Self-Governance", route=Route.SELF_GOVERNANCE)
    item("november-2020", "MP093").update(status_note=MP093_STATUS, reason=source.reason("Current status"))
    record_key_date(source, "MP093", d(2020, 4, 22), "Change Board final vote under Self-Governance")

    record_modification(
        source,
        "MP098",
        "Incorporation of multiple Issue Resolution Proposals into the SEC - Batch 3",
        route=Route.SELF_GOVERNANCE,
    )
    target(source, "november-2020", "MP098", status_note=MP098_STATUS)

    for number, title in BEIS_CRS:
        cr = ChangeRequest(number=number, title=title, originator=Originator.BEIS, release=release("november-2020"))
        cr.full_clean()
        source.save(cr, "DCC BEIS Mandated Change Request expected alongside the November 2020 SEC Release")


def load_2021(source: PaperSource) -> None:
    for reference, new in JUNE_2021:
        if new:
            title, page = new
            record_modification(source, reference, title, page=page, impacts_dcc_systems=True)
        target(source, "june-2021", reference, what=ALLOCATION)
        item("june-2021", reference).update(
            fall_back_release=release("november-2021"), reason=source.reason(JUNE_2021_FALL_BACK)
        )
    for reference in NOVEMBER_2021:
        target(source, "november-2021", reference, what=ALLOCATION)


def record_key_date(source: PaperSource, reference: str, date: datetime.date, event: str) -> KeyDate:
    key_date = KeyDate(modification=modification(reference), date=date, event=event, source=source.reference)
    key_date.full_clean()
    return source.save(key_date, "Key date")
