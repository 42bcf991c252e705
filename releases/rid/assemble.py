"""Build the RID from live data, in the sections and order of the June 2020 RID v1.1.

The result is plain JSON (dates as ISO strings, money as strings) so that a baseline can freeze it
as it is, and the HTML, the PDF and the diff read only this dict, never the database.
"""

import json
import re
from collections import defaultdict
from decimal import Decimal

from acceptance.choices import Category, Reviewer
from acceptance.models import Criterion
from modifications.choices import Participant
from modifications.models import ChangeRequest, DocumentImpact, ParticipantImpact

from ..choices import Classification, DocumentKind, Inclusion, MilestoneKind
from ..models import CostBreakdownLine, Milestone, Narrative, RidVersion, ScopeItem, SecasCost
from ..models.costs import PHASES
from ..models.narrative import parse_blocks, run_on
from ..models.rid import version_key

# 2: the release's own paragraphs (narrative), scope descriptions with their sub-bullets, recorded locks.
SNAPSHOT_SCHEMA = 2
TITLE = "SEC Release Implementation Document"

SECTIONS = [
    ("scope", "1. Scope"),
    ("impacts", "2. Impacts"),
    ("timeline", "3. Implementation timeline"),
    ("test-strategy", "4. Test strategy"),
    ("costs", "5. Costs"),
    ("criteria", "6. Acceptance criteria"),
    ("version-control", "Appendix 1: Version control"),
    ("glossary", "Appendix 2: Glossary"),
]

PARTICIPANT_COLUMNS = [(p.value, p.label) for p in Participant]
# The RID's "SEC Party impacts" table names the parties, not the matrix columns.
SEC_PARTY_ROW_LABELS = {
    Participant.SUPPLIERS: "Supplier Parties",
    Participant.ELECTRICITY_NETWORKS: "Electricity Network Parties",
    Participant.GAS_NETWORKS: "Gas Network Parties",
    Participant.OTHER_SEC_PARTIES: "Other SEC Parties",
}
PHASE_LABELS = {phase: CostBreakdownLine._meta.get_field(phase).verbose_name for phase in PHASES}
CATEGORY_HEADINGS = {
    Category.OPERATIONAL: "Operational acceptance criteria",
    Category.TESTING: "Testing acceptance criteria",
    Category.SECURITY: "Security acceptance criteria",
    None: "Acceptance criteria",
}

# The June 2020 RID's glossary and DOMAIN.md's "Words"; the document lists those it uses.
GLOSSARY = {
    "BEIS": "Department for Business, Energy and Industrial Strategy",
    "BRAG": "Blue-Red-Amber-Green status",
    "CH": "Communications Hub",
    "CR": "Change Request",
    "CRP": "Change Request Proposal",
    "CSC": "Change Sub-Committee",
    "CSP": "Communication Service Provider",
    "DCC": "Data Communication Company",
    "DSP": "Data Service Provider",
    "DUIS": "DCC User Interface Specification",
    "GBCS": "GB Companion Specification",
    "IRP": "Issue Resolution Proposal",
    "OPSG": "Operations Group",
    "PIT": "Pre-Integration Testing",
    "RAG": "Red-Amber-Green status",
    "RID": "Release Implementation Document",
    "SEC": "Smart Energy Code",
    "SECAS": "Smart Energy Code Administrator and Secretariat",
    "SIT": "System Integration Testing",
    "SMETS": "Smart Metering Equipment Technical Specification",
    "SR": "Service Request",
    "SRV": "Service Request Variant",
    "SSC": "Security Sub-Committee",
    "TABASC": "Technical Architecture and Business Architecture Sub-Committee",
    "TAD": "Testing Approach Document",
    "TAG": "Testing Advisory Group",
    "UIT": "User Integration Testing",
}
# The fixed wording of the document uses these whatever the release holds.
ALWAYS_IN_GLOSSARY = ("DCC", "RID", "SEC", "SECAS")


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def money(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


def reference_order(reference: str, part: str = "") -> tuple:
    """SECMP0053, SECMP0062, MP079, MP084: the papers list modifications by their number."""
    number = re.search(r"(\d+)", reference)
    return (int(number.group(1)) if number else 0, reference, part)


def assemble(release, *, version: RidVersion | None = None) -> dict:
    """The RID of `release` as it stands now; `version` is the row being baselined, if any."""
    items = scope_items(release)
    active_modifications = unique_modifications(items)
    modification_ids = [m.pk for m in active_modifications]
    impacts = list(
        ParticipantImpact.objects.filter(modification_id__in=modification_ids).select_related("modification")
    )
    document_impacts = list(
        DocumentImpact.objects.filter(modification_id__in=modification_ids).select_related("document", "modification")
    )
    rid = {
        "schema": SNAPSHOT_SCHEMA,
        "title": TITLE,
        "cover": cover(release, version),
        "sections": [{"anchor": anchor, "title": title} for anchor, title in SECTIONS],
        "scope": scope(release, items),
        "impacts": {
            "participant_columns": [label for _, label in PARTICIPANT_COLUMNS],
            "participant_matrix": participant_matrix(active_modifications, impacts),
            "sec_party_impacts": sec_party_impacts(impacts),
            "dcc_impacts": dcc_impacts(impacts),
            **document_matrix(active_modifications, document_impacts),
            "other_code_impacts": release.other_code_impacts,
        },
        "timetable": timetable(release),
        "test_strategy": release.test_strategy,
        "costs": costs(release),
        "criteria": criteria(release),
        "versions": versions(release, version),
        "narrative": narrative(release),
    }
    rid["glossary"] = glossary(rid)
    return rid


def narrative(release) -> dict:
    """The RID's own paragraphs, section by section, as blocks, each with the paper it comes from."""
    rows = Narrative.objects.filter(release=release, document=DocumentKind.RID).order_by("section")
    return {row.section: {"blocks": row.blocks, "source": row.source} for row in rows}


# -- cover ---------------------------------------------------------------------------------------


def cover(release, version) -> dict:
    return {
        "release": {
            "slug": release.slug,
            "name": release.name,
            "implementation_date": iso(release.implementation_date),
            "system_scope_lock_date": iso(release.system_scope_lock_date),
            "system_scope_lock_recorded": release.system_scope_lock_recorded,
            "document_scope_lock_date": iso(release.document_scope_lock_date),
            "document_scope_lock_recorded": release.document_scope_lock_recorded,
            "web_page": release.web_page,
            "summary": release.summary,
        },
        "version": version_row(version) if version is not None else None,
        "classification": Classification(release.classification).label,
    }


# -- 1 scope -------------------------------------------------------------------------------------


def scope_items(release) -> list[ScopeItem]:
    items = release.scope_items.filter(inclusion__in=(Inclusion.APPROVED, Inclusion.TARGETED)).select_related(
        "modification", "fall_back_release"
    )
    return sorted(items, key=lambda i: reference_order(i.modification.reference, i.part))


def unique_modifications(items) -> list:
    seen = {}
    for item in items:
        seen.setdefault(item.modification_id, item.modification)
    return list(seen.values())


def describe(summary: str, item_description: str = "") -> tuple[str, list[dict]]:
    """What follows the title: the summary runs on from it, then the item's own words; sub-bullets stay."""
    return run_on(parse_blocks(summary) + parse_blocks(item_description))


def scope_row(item: ScopeItem) -> dict:
    modification = item.modification
    description, points = describe(modification.summary, item.description)
    return {
        "key": item.label,
        "modification": modification.reference,
        "part": item.part,
        "title": modification.title,
        "summary": modification.summary,
        "description": description,
        "description_points": points,
        "url": modification.url,
        "impacts_dcc_systems": modification.impacts_dcc_systems,
        "inclusion": item.inclusion,
        "inclusion_label": Inclusion(item.inclusion).label,
        "counts_as_approved": item.counts_as_approved,
        "cut_off_date": iso(item.cut_off_date),
        "fall_back_release": item.fall_back_release.name if item.fall_back_release else None,
        "status_note": item.status_note,
        "is_exception": item.is_exception,
        "exception_approved_on": iso(item.exception_approved_on),
        "exception_paper": item.exception_paper,
    }


def scope(release, items) -> dict:
    rows = [scope_row(item) for item in items]
    change_requests = ChangeRequest.objects.filter(release=release).select_related("modification")
    return {
        "approved": [row for row in rows if row["inclusion"] == Inclusion.APPROVED],
        "targeted": [row for row in rows if row["inclusion"] == Inclusion.TARGETED],
        # Implemented alongside the release but not part of it: listed without their impacts.
        "change_requests": [
            {
                "number": cr.display_number,
                "title": cr.title,
                "description": describe(cr.description)[0],
                "description_points": describe(cr.description)[1],
                "modification": cr.modification.reference if cr.modification else None,
                "modification_part": cr.modification_part,
            }
            for cr in change_requests
        ],
    }


# -- 2 impacts -----------------------------------------------------------------------------------


def participant_matrix(modifications, impacts) -> list[dict]:
    touched = {(impact.modification_id, impact.participant) for impact in impacts}
    return [
        {
            "modification": m.reference,
            "marks": [(m.pk, participant) in touched for participant, _ in PARTICIPANT_COLUMNS],
        }
        for m in modifications
    ]


def impact_points(impacts) -> list[str]:
    order = sorted(impacts, key=lambda i: reference_order(i.modification.reference))
    return [i.summary for i in order if i.summary.strip()]


def sec_party_impacts(impacts) -> list[dict]:
    by_participant = defaultdict(list)
    for impact in impacts:
        if impact.participant != Participant.DCC:
            by_participant[impact.participant].append(impact)
    rows = []
    for participant, label in SEC_PARTY_ROW_LABELS.items():
        points = impact_points(by_participant.get(participant, []))
        if points:
            rows.append({"participant": label, "points": points})
    return rows


def dcc_impacts(impacts) -> list[dict]:
    by_area = defaultdict(list)
    for impact in impacts:
        if impact.participant == Participant.DCC:
            by_area[impact.area or "DCC"].append(impact)
    rows = []
    for area in sorted(by_area):
        points = impact_points(by_area[area])
        if points:
            rows.append({"area": area, "points": points})
    return rows


def document_matrix(modifications, document_impacts) -> dict:
    documents = {}
    touched = set()
    for impact in document_impacts:
        documents[impact.document_id] = impact.document
        touched.add((impact.document_id, impact.modification_id))
    ordered = sorted(documents.values(), key=lambda d: (d.position, d.code))
    return {
        "documents": [{"code": d.code, "title": d.title} for d in ordered],
        "document_columns": [m.reference for m in modifications],
        "document_matrix": [
            {"document": d.code, "marks": [(d.pk, m.pk) in touched for m in modifications]} for d in ordered
        ],
    }


# -- 3 timeline, 5 costs, 6 criteria ---------------------------------------------------------------


def timetable(release) -> list[dict]:
    rows = Milestone.objects.filter(release=release, kind=MilestoneKind.TIMETABLE).order_by("position", "pk")
    return [
        {
            "date": iso(m.date),
            "event": m.event,
            "notes": m.notes,
            "owner": m.get_owner_display() if m.owner else None,
        }
        for m in rows
    ]


def costs(release) -> dict:
    lines = list(CostBreakdownLine.objects.filter(release=release).select_related("modification"))
    lines.sort(key=lambda line: reference_order(line.modification.reference))
    quoted = release.dcc_quoted_total
    difference = release.cost_difference(lines)
    secas = SecasCost.objects.filter(release=release).order_by("pk")
    return {
        "dcc_quoted_total": money(quoted),
        "phases": [PHASE_LABELS[phase] for phase in PHASES],
        "breakdown": [
            {
                "modification": line.modification.reference,
                "phases": [money(getattr(line, phase)) for phase in PHASES],
                "total": money(line.total),
            }
            for line in lines
        ],
        "phase_totals": [
            money(sum((getattr(line, phase) or Decimal("0") for line in lines), Decimal("0"))) if lines else None
            for phase in PHASES
        ],
        "breakdown_total": money(release.breakdown_total(lines)),
        # The quoted total is kept as quoted; a gap to the breakdown is shown, never fixed.
        "difference": money(difference) if difference else None,
        "operational_cost_impact": release.operational_cost_impact,
        "secas": [
            {
                "activity": c.activity,
                "days": str(c.days) if c.days is not None else None,
                "amount": money(c.amount),
                "note": c.note,
            }
            for c in secas
        ],
    }


def criteria(release) -> list[dict]:
    grouped = defaultdict(list)
    for criterion in Criterion.objects.filter(release=release).order_by("category", "number"):
        grouped[criterion.category].append(criterion)
    order = [c.value for c in Category] + [None]
    return [
        {
            "category": category,
            "heading": CATEGORY_HEADINGS[category],
            "reviewer": Reviewer(grouped[category][0].reviewer).label if grouped[category][0].reviewer else None,
            "criteria": [
                {"number": c.number, "text": c.text, "status": c.status, "status_label": c.get_status_display()}
                for c in grouped[category]
            ],
        }
        for category in order
        if grouped.get(category)
    ]


# -- appendices ----------------------------------------------------------------------------------


def version_row(row: RidVersion) -> dict:
    return {
        "version": row.version,
        "dated": iso(row.dated),
        "changes": row.changes,
        "baselined_on": iso(row.baselined_on),
        "paper": row.paper,
    }


def versions(release, version: RidVersion | None) -> list[dict]:
    rows = {row.version: version_row(row) for row in RidVersion.objects.filter(release=release)}
    if version is not None:
        rows[version.version] = version_row(version)
    return sorted(rows.values(), key=lambda row: version_key(row["version"]))


def glossary(rid: dict) -> list[dict]:
    """The acronyms the document uses, from the fixed glossary."""
    # Source notes say where the text comes from; they are not the document's words.
    words = {**rid, "narrative": {key: row["blocks"] for key, row in rid.get("narrative", {}).items()}}
    text = json.dumps(words, ensure_ascii=False)
    used = {acronym for acronym in GLOSSARY if re.search(rf"\b{acronym}\b", text)} | set(ALWAYS_IN_GLOSSARY)
    return [{"acronym": acronym, "term": GLOSSARY[acronym]} for acronym in sorted(used)]
