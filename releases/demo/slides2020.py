"""The DCC's November '20 SEC Release slides, as at 2 June 2020: scope candidates, key dates, Harvey balls."""

import datetime

from acceptance.models import ReadinessComponent, ReadinessReport
from modifications.choices import Originator
from modifications.models import ChangeRequest
from releases.choices import Body, DocumentKind, MilestoneKind

from .clock import PaperSource
from .common import modification, record_milestones, record_narrative, release

d = datetime.date
CANDIDATES_NOTE = (
    "Not all of these Release Candidates have completed their formal Governance approval processes. There is a risk "
    "some may not be approved and if so they will be removed from the scope of the release."
)

# Scope candidates: number, originator (a modification reference, part), title, DUIS schema change,
# DUIS document change, SMETS version, GBCS version, proposed DUIS version; "~" and "-" as printed.
SCOPE_CANDIDATES = [
    (
        "CR1137",
        ("SECMP0062", "Part 2"),
        "Traffic Management - Alert Storm Protection Part 2",
        True,
        True,
        "~",
        "~",
        "4.0",
    ),
    (
        "CR1118",
        ("SECMP0093", ""),
        "Implementing IRP511 and CRP535 to support GBCS v3.2 device",
        True,
        True,
        "~",
        "~",
        "4.0",
    ),
    ("CR1145", Originator.BEIS, "Auxiliary Proportional Load Control", True, True, "v4.3 & V5.0", "v4.0", "4.0"),
    ("CR1254", Originator.BEIS, "CSP Testing to support Proportional Load Control", False, False, "~", "~", "~"),
    (
        "CR1277",
        Originator.BEIS,
        "Completion of CR1164 Change to Install Code Length in 8.11",
        True,
        True,
        "~",
        "~",
        "4.0",
    ),
    ("CR1233", Originator.BEIS, "IRP554 Future Dated Command Handling", False, False, "~", "V4.0", "~"),
    (
        "CR1355",
        Originator.BEIS,
        "Organisation Certificates for Users use to sign XML messages for communication over DUIS",
        False,
        False,
        "~",
        "~",
        "~",
    ),
    ("CR1088", Originator.DCC, "DCC Production Proving", False, False, "-", "-", "-"),
]

# SEC Ops Group key dates: (date or None, event, notes, owner).
KEY_DATES = [
    (d(2020, 6, 2), "Initial SEC Ops Group briefing on November '20 SEC Release", "", Body.OPSG),
    (d(2020, 6, 19), "SEC Panel Approve Release (subject to TAG approval of TAD)", "", Body.PANEL),
    (d(2020, 6, 24), "TAG approve TAD", "", Body.TAG),
    (None, "SEC Ops Group regular updates on November '20 SEC Release", "August – Oct", Body.OPSG),
    (d(2020, 11, 3), "SEC Ops Group approval for Go-Live", "", Body.OPSG),
    (d(2020, 11, 13), "SEC Panel Approval for Go-Live", "", Body.PANEL),
    (d(2020, 11, 23), "SEC Ops Group (if required prior to Go-Live)", "", Body.OPSG),
    (d(2020, 11, 29), "DCC Operations Go / NoGo decision", "", Body.DCC),
    (d(2020, 11, 29), "November '20 Release Go-Live", "", None),
]

# Harvey balls: states, target states and colours were pictures, so only names and rationales are kept.
COMPONENTS = [
    (
        "DCC Capabilities – Live Service Criteria",
        "Live Service Criteria is being addressed and developed in line with the plan",
    ),
    ("DCC Processes", "Detailed Impact Assessment in progress in line with the plan"),
    ("Service Centre", "Planned to commence following completion of detailed service impact assessment (July '20)"),
    (
        "Change & Release Management",
        "Change and Release planning on track – DCC expect to request a move to ~29 Nov. Nov '19 and June '20 lessons "
        "learnt to be applied.",
    ),
    ("Early Life Support Readiness", "Early Life Support engaged and planning on track."),
    ("DSP System", "DB-PIT in progress. SIT Cycle 1 planned to commence end-June '20"),
    ("DSP Processes", "DSP engaged and will align with DCC Service Designs"),
    (
        "Communication to users",
        "Communications will be released to Users by DCC Service Management to inform them of the changes being made "
        "and when they will come into force. This follows on from various consultations.",
    ),
]


# "November '20 SEC Release – Service Impact Summary", its bullets and sub-bullets as the slide sets them.
SERVICE_IMPACT = """- Detailed Service Design Impact Assessment for November 2020 Release is in progress and due to complete in June ‘20
- The greatest service impact will come from CR1145 Auxiliary Proportional Control which will:
  - Impact c.17 Service Requests (New, Amended or Documentation)
  - Require Service Design changes for all SRs
- SSI consultation expected to commence in July for:
  - Read inventory screen will be updated to support the new ESME Variants
  - SSI updates to ignore the SAT Log entries for ‘Delayed Response’ and ‘Delayed Response Timeout’ statuses.
- Other CRs are estimated to have a smaller impact on Service Design work and cover:
  - Error Handling Guides (Internal and External)
  - Knowledge Articles & Work Instructions for support teams
  - Anomaly Detection Thresholds
  - Anomaly Detection Attributes"""  # noqa: E501


def load(source: PaperSource) -> None:
    record_scope_candidates(source)
    record_key_dates(source)
    record_service_impact(source)
    record_readiness(source)


def record_service_impact(source: PaperSource) -> None:
    record_narrative(
        source,
        release("november-2020"),
        DocumentKind.RELEASES_UPDATE,
        "service_impact",
        SERVICE_IMPACT,
        "Service Impact Summary slide",
    )


def record_scope_candidates(source: PaperSource) -> None:
    november_2020 = release("november-2020")
    modification("MP093").add_alias("SECMP0093")  # how the slides write MP093
    for number, originator, title, schema, document, smets, gbcs, duis in SCOPE_CANDIDATES:
        cr = find_change_request(number, title)
        fields = {
            "number": number,
            "title": title,
            "release": november_2020,
            "duis_schema_change": schema,
            "duis_document_change": document,
            "smets_version": smets,
            "gbcs_version": gbcs,
            "proposed_duis_version": duis,
            "notes": CANDIDATES_NOTE,
        }
        if isinstance(originator, tuple):
            reference, part = originator
            fields.update(originator=Originator.SEC_MODIFICATION, modification=modification(reference))
            fields["modification_part"] = part
        else:
            fields["originator"] = originator
        if cr is None:
            cr = ChangeRequest(**fields)
            cr.full_clean()
            source.save(cr, "November '20 SEC Release scope candidate")
        else:
            what = "November '20 scope candidate"
            if cr.number != number:
                what = f"CRTBC numbered {number}"
            source.amend(cr, what, **fields)


def find_change_request(number: str, title: str) -> ChangeRequest | None:
    """The slides' CR1355 is the May paper's CRTBC 'Organisation Certificates – XML signing'."""
    found = ChangeRequest.objects.filter(number=number).first()
    if found is None and title.startswith("Organisation Certificates"):
        found = ChangeRequest.objects.filter(number__isnull=True, title__startswith="Organisation Certificates").first()
    return found


def record_key_dates(source: PaperSource) -> None:
    record_milestones(source, release("november-2020"), MilestoneKind.TRACKER, KEY_DATES, "SEC Ops Group key dates")


def record_readiness(source: PaperSource) -> None:
    report = ReadinessReport(
        release=release("november-2020"),
        as_at=source.on,
        target_date=d(2020, 11, 29),
        source="DCC November '20 SEC Release – Harvey Balls Update",
    )
    report.full_clean()
    source.save(report, "Harvey balls as at 2nd June")
    for position, (name, rationale) in enumerate(COMPONENTS, start=1):
        component = ReadinessComponent(report=report, position=position, name=name, rationale=rationale)
        component.full_clean()
        source.save(component, "Harvey balls: state, target and RAG were pictures (not stated)")
