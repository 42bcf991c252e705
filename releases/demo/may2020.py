"""OPSG_33_0206_15 (26 May 2020): the full November 2020 scope, its re-planned date, and the 2021 scope."""

import datetime

from modifications.choices import Impact, Originator, Phase, Route
from modifications.models import ChangeRequest
from releases.choices import DateKind, Inclusion, ReleaseStatus
from releases.models import RidVersion

from .apr2020 import APPROVED_FOR_INCLUSION, record_key_date
from .clock import PaperSource
from .common import item, modification, record_modification, release, target

d = datetime.date
CUT_OFF = d(2020, 10, 22)
SELF_GOVERNANCE_VOTE = "The Change Board vote will be held on {} under Self-Governance."
REPORT_TO_PANEL = (
    "The Modification Report is expected to be presented to the Panel on 19 June 2020. The Change Board vote would "
    "then be held on 22 July 2020 under Self-Governance."
)
DRAFT_TO_PANEL = (
    "This Draft Proposal is expected to be presented to the Panel on 19 June 2020 with the recommendation it "
    "proceeds directly to the Report Phase. The Change Board vote would then be held on 22 July 2020 under "
    "Self-Governance."
)
WITH_AUTHORITY = (
    "The Change Board recommended {ref} be {verdict} on 26 February 2020. This modification is now with the "
    "Authority for decision. It will be included in this release if approved by 22 October 2020."
)

# New to the November 2020 scope in this paper: reference, title, phase, status line, key dates.
NEW_IN_NOVEMBER_2020 = [
    (
        "MP080",
        "Managing DUIS uplifts",
        None,
        SELF_GOVERNANCE_VOTE.format("27 May 2020"),
        [(d(2020, 5, 27), "Change Board vote under Self-Governance")],
    ),
    (
        "MP101",
        "Large Gas Meter Displays",
        None,
        SELF_GOVERNANCE_VOTE.format("24 June 2020"),
        [(d(2020, 6, 24), "Change Board vote under Self-Governance")],
    ),
    ("MP102A", "Power Outage Alerts triggered by an OTA firmware upgrade", None, REPORT_TO_PANEL, "report"),
    ("MP103", "DCC SOC2 Assessments", None, REPORT_TO_PANEL, "report"),
    (
        "MP110",
        "Aligning SEC Appendix D with DCC Processes",
        None,
        SELF_GOVERNANCE_VOTE.format("24 June 2020"),
        [(d(2020, 6, 24), "Change Board vote under Self-Governance")],
    ),
    ("MP112", "Setting the Privacy Assessment Assurance Status", Phase.APPROVED, "Approved for inclusion", []),
    (
        "MP115",
        "Changes to the NCSC Good Practice Guides",
        None,
        SELF_GOVERNANCE_VOTE.format("27 May 2020"),
        [(d(2020, 5, 27), "Change Board vote under Self-Governance")],
    ),
    ("MP118", "Communications Hub Finance Charges", None, REPORT_TO_PANEL, "report"),
    ("MP120", "Correcting DUIS Matrix for SRV7.7 Eligible Users", Phase.APPROVED, "Approved for inclusion", []),
    ("DP124", "Consequential changes to DUIS for SMETS1 Alerts", Phase.DRAFT_PROPOSAL, DRAFT_TO_PANEL, "report"),
    ("DP127", "SMKI RAPP Security Screening clarification", Phase.DRAFT_PROPOSAL, DRAFT_TO_PANEL, "report"),
]
REPORT_DATES = [
    (d(2020, 6, 19), "To be presented to the Panel"),
    (d(2020, 7, 22), "Change Board vote under Self-Governance"),
]
PAGES = {"MP103": "dcc-soc2-assessments"}

# 3.1: DUIS / GBCS / CH firmware impacts of the DCC-System modifications targeted for 2021 (blank = no tick).
Y, N, TBC = Impact.YES, Impact.NO, Impact.TBC
IMPACTS_2021 = {
    "SECMP0007": (Y, Y, Y),
    "SECMP0015": (N, Y, Y),
    "SECMP0024": (Y, N, N),
    "SECMP0046": (Y, Y, N),
    "SECMP0056": (N, Y, Y),
    "SECMP0067": (Y, N, N),
    "MP078": (N, Y, N),
    "MP090": (TBC, Y, N),
    "MP099": (N, Y, N),
}
IMPACT_NOTES = {
    "MP090": "1 Several solution options are currently being assessed for MP090, only one of which will impact the "
    "DUIS.\n2 MP090 will require documentation changes to the GBCS.",
    "SECMP0067": "SECMP0067 will require documentation changes to the DUIS but will not impact the schemas. However, "
    "this would still create a new version of the DUIS.",
}
SECMP0067_SENT_BACK = (
    "The Authority's decision to send back SECMP0067 means this can no longer be implemented in the November 2020 "
    "SEC Release, and so, if approved, will fall back into 2021"
)
SECMP0067_STATUS = "The DCC is seeking Users' views on targeting this modification for the June 2021 SEC Release."
NOVEMBER_2021_CONTINUES = "All other modifications continuing to be targeted for the November 2021 SEC Release"

MAY_CRS = [
    ("CR1233", "IRP554 Future Date Command Handling"),
    (None, "Organisation Certificates – XML signing"),
]
RETITLED_CRS = {
    "CR1277": "Install Code validation reinstatement",
    "CR1290": "Re-Scaling of Gas Flow Rate in SRV 6.7 to match SMETS2",
}


def load(source: PaperSource) -> None:
    november_2020 = release("november-2020")
    # 2.2: the RID's timetable is based on 29 November 2020; the earlier date is not stated.
    november_2020.reschedule(
        DateKind.IMPLEMENTATION,
        d(2020, 11, 29),
        reason="Due to the complexity of the release the DCC highlighted the date may need to move to the end of "
        "November, with Sunday 29 November 2020 the most likely date; this also allows all targeted modifications "
        "to be approved and a sufficient User testing window, and mitigates the COVID-19 risk to timelines. The "
        "RID's timetable is based on 29 November 2020.",
        paper=source.reference,
    )
    source.amend(release("november-2020"), "RID v4.0 baselined by the Panel", status=ReleaseStatus.SCOPE_BASELINED)
    version = RidVersion(
        release=november_2020,
        version="4.0",
        baselined=True,
        changes="Baselined by the Panel to include all modifications that can be included in the November 2020 SEC "
        "Release if decisions to approve are received in time (as reported on 26 May 2020; the baseline date is "
        "not stated).",
        paper=source.reference,
    )
    version.full_clean()
    source.save(version, "November 2020 RID v4.0 named as Appendix A")

    move_from_june_2020(source)
    update_november_2020(source)
    send_back_secmp0067(source)
    target_2021(source)
    record_change_requests(source)


def move_from_june_2020(source: PaperSource) -> None:
    for reference, verdict, event in (
        ("MP084", "rejected", "Change Board recommended rejection"),
        ("MP088", "approved", "Change Board recommended approval"),
    ):
        moved = item("june-2020", reference).move_to(
            release("november-2020"),
            reason=source.reason("With the Authority for decision; now in the November 2020 scope"),
            on=source.on,
        )
        moved.update(
            cut_off_date=CUT_OFF,
            status_note=WITH_AUTHORITY.format(ref=reference, verdict=verdict),
            reason=source.reason("Cut-off 22 October 2020"),
        )
        source.amend(modification(reference), "Now with the Authority for decision", phase=Phase.WITH_AUTHORITY)
        record_key_date(source, reference, d(2020, 2, 26), event)


def update_november_2020(source: PaperSource) -> None:
    source.amend(modification("MP093"), "Approved for inclusion", phase=Phase.APPROVED)
    mp093 = item("november-2020", "MP093")
    mp093.approve(reason=source.label)
    mp093.update(status_note=APPROVED_FOR_INCLUSION, reason=source.reason("Current status"))
    item("november-2020", "MP098").update(
        status_note=SELF_GOVERNANCE_VOTE.format("24 June 2020"), reason=source.reason("Current status")
    )
    record_key_date(source, "MP098", d(2020, 6, 24), "Change Board vote under Self-Governance")
    for reference, title, phase, status, key_dates in NEW_IN_NOVEMBER_2020:
        page = PAGES.get(reference, "")
        record_modification(
            source,
            reference,
            title,
            page=page,
            phase=phase,
            route=Route.SELF_GOVERNANCE if "Self-Governance" in status else None,
        )
        approved = phase == Phase.APPROVED
        target(
            source,
            "november-2020",
            reference,
            inclusion=Inclusion.APPROVED if approved else Inclusion.TARGETED,
            status_note=status,
        )
        for date, event in REPORT_DATES if key_dates == "report" else key_dates:
            record_key_date(source, reference, date, event)


def send_back_secmp0067(source: PaperSource) -> None:
    source.amend(modification("SECMP0067"), "Sent back by the Authority", phase=Phase.SENT_BACK)
    moved = item("november-2020", "SECMP0067").move_to(
        release("june-2021"), reason=source.reason(SECMP0067_SENT_BACK), on=source.on
    )
    moved.update(status_note=SECMP0067_STATUS, reason=source.reason("The DCC proposes the June 2021 SEC Release"))


def target_2021(source: PaperSource) -> None:
    for reference in ("MP078", "MP090", "MP099"):
        item("june-2021", reference).move_to(
            release("november-2021"), reason=source.reason(NOVEMBER_2021_CONTINUES), on=source.on
        )
    for reference, (duis, gbcs, ch) in IMPACTS_2021.items():
        source.amend(
            modification(reference),
            "Impacts on DUIS, GBCS and CH firmware (3.1)",
            impacts_duis=duis,
            impacts_gbcs=gbcs,
            impacts_ch_firmware=ch,
            impact_notes=IMPACT_NOTES.get(reference, ""),
        )


def record_change_requests(source: PaperSource) -> None:
    november_2020 = release("november-2020")
    for number, title in MAY_CRS:
        cr = ChangeRequest(number=number, title=title, originator=Originator.BEIS, release=november_2020)
        cr.full_clean()
        source.save(cr, "DCC BEIS Mandated Change Request expected alongside the November 2020 SEC Release")
    for number, title in RETITLED_CRS.items():
        source.amend(ChangeRequest.objects.get(number=number), "Title as the paper writes it", title=title)
