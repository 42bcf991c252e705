"""Assemble a paper from the record as at a date, in the sections and wording of SECAS's own papers.

The result is plain JSON-able data: a header, then numbered sections made of parts (narrative blocks,
tables, bullets, notes). The DOCX and the PDF read only this dict, as the RID's renderers read its snapshot.
Each section's own paragraphs are the release's Narrative rows for the paper; where SECAS has written
none, the section is pre-filled from the data and says so (`prefilled`), so nothing reads as written
that was not.
"""

import datetime
from collections import defaultdict

from acceptance.choices import Category
from modifications.choices import Impact

from ..choices import Body, Classification, DateKind, DecisionBody, DocumentKind, Inclusion, Outcome, PaperAction
from ..models import Release
from ..models.narrative import parse_blocks
from ..rid.assemble import CATEGORY_HEADINGS, reference_order
from ..templatetags.rid_tags import rid_long_date
from .record import record_as_at

# The API's and the page's names for the two papers, and the Narrative documents behind them.
KINDS = {
    "releases-update": DocumentKind.RELEASES_UPDATE,
    "approval-to-implement": DocumentKind.APPROVAL_TO_IMPLEMENT,
}
SLUGS = {document: slug for slug, document in KINDS.items()}
DEFAULT_ACTIONS = {
    DocumentKind.RELEASES_UPDATE: PaperAction.FOR_INFORMATION,
    DocumentKind.APPROVAL_TO_IMPLEMENT: PaperAction.FOR_DECISION,
}
TICK = "✓"
MARKS = {Impact.YES: TICK, Impact.TBC: "TBC", Impact.NO: "", None: ""}


class UnknownPaper(LookupError):
    """No such kind of paper (the API answers 404)."""


def document_of(kind: str) -> str:
    try:
        return KINDS[kind]
    except KeyError:
        raise UnknownPaper(f"There is no paper '{kind}'; the papers are: {', '.join(KINDS)}.") from None


def assemble(release: Release, kind: str, as_at: datetime.date) -> dict:
    """The paper of `kind` ('releases-update' or 'approval-to-implement') for `release`, as at the end of `as_at`."""
    document = document_of(kind)
    record = record_as_at(as_at)
    release = record.release(release.slug)
    header = paper_header(record, release, document, as_at)
    builder = ReleasesUpdate if document == DocumentKind.RELEASES_UPDATE else ApprovalToImplement
    paper = builder(record, release, header).build()
    return {
        "kind": kind,
        "document": str(document),
        "as_at": as_at.isoformat(),
        "release": {"slug": release.slug, "name": release.name},
        "header": header,
        "title": header["title"],
        **paper,
    }


# -- header ----------------------------------------------------------------------------------------


def paper_header(record, release, document: str, as_at: datetime.date) -> dict:
    row = record.header(release, document)
    title = (
        "SEC Releases update"
        if document == DocumentKind.RELEASES_UPDATE
        else f"Approval to implement the {release.name}"
    )
    if row is None:
        return {
            "title": title,
            "reference": "",
            "body": Body(Body.PANEL).label,
            "body_short": short_body(Body.PANEL),
            "action": PaperAction(DEFAULT_ACTIONS[document]).label,
            "classification": Classification(release.classification).label,
            "authors": "",
            "date": as_at.isoformat(),
            "recommendations": [],
            "source": "",
            "recorded": False,
        }
    return {
        "title": title,
        "reference": row.reference,
        "body": row.get_body_display(),
        "body_short": short_body(row.body),
        "action": row.get_action_display() if row.action else "",
        "classification": row.get_classification_display(),
        "authors": row.authors,
        "date": (row.date or as_at).isoformat(),
        "recommendations": row.recommendation_lines,
        "source": row.source,
        "recorded": True,
    }


def short_body(body: str) -> str:
    """How the papers name their audience in a sentence: the Panel, the OPSG."""
    return {Body.PANEL: "Panel", Body.OPSG: "OPSG", Body.TAG: "TAG", Body.SSC: "SSC"}.get(body, Body(body).label)


# -- parts -----------------------------------------------------------------------------------------


def paragraphs(*texts: str) -> dict:
    return {"type": "blocks", "blocks": [b for text in texts for b in parse_blocks(text)]}


def bullets(lead: str, items: list[str]) -> dict:
    return {"type": "bullets", "lead": lead, "items": items}


def table(name: str, caption: str, header: list[str], rows: list[list], *, marks=(), widths=()) -> dict:
    """A grid; `marks` are the columns of ticks (centred), `widths` the first columns' widths in mm (Word);
    `name` sets its columns on the page and in the PDF (papers.css)."""
    return {
        "name": name,
        "type": "table",
        "caption": caption,
        "header": header,
        "rows": rows,
        "marks": list(marks),
        "widths": list(widths),
    }


def added(text: str) -> dict:
    """A note the system adds from the data, set apart from the paper's words."""
    return {"type": "added", "text": text}


def section(number: str, title: str, parts: list[dict], *, key: str = "", level: int = 1) -> dict:
    return {"number": number, "title": title, "key": key, "level": level, "parts": [p for p in parts if p]}


class PaperBuilder:
    document = ""

    def __init__(self, record, release, header: dict):
        self.record = record
        self.release = release
        self.header = header
        self.as_at = record.day

    def narrative(self, release, section_key: str, prefill: str = "") -> dict | None:
        """The release's own paragraphs for this section; else the data's pre-fill, marked as such."""
        row = self.narratives.get((release.pk, section_key))
        if row is not None:
            return {"type": "narrative", "section": section_key, "release": release.slug,
                    "blocks": row.blocks, "source": row.source, "prefilled": False}  # fmt: skip
        if not prefill:
            return None
        return {"type": "narrative", "section": section_key, "release": release.slug,
                "blocks": parse_blocks(prefill), "source": "", "prefilled": True}  # fmt: skip

    def has_narrative(self, release, section_key: str) -> bool:
        return (release.pk, section_key) in self.narratives

    def recommendations(self, default: list[str]) -> list[str]:
        return self.header["recommendations"] or default

    def signature(self) -> dict:
        return {"authors": self.header["authors"], "team": "SECAS Team", "date": self.header["date"]}


def go_live(release) -> str:
    return rid_long_date(release.implementation_date) or "a date not yet set"


def modification_cell(item) -> str:
    """SECMP0062 ‘Northbound Application Traffic Management…’ part 2, as the papers list them."""
    part = f" {item.part[0].lower()}{item.part[1:]}" if item.part else ""
    return f"{item.modification.reference} ‘{item.modification.title}’{part}"


def current_status(item) -> str:
    """The item's status line; a cut-off the line does not already give is added, as the papers say it."""
    status = item.status_note.strip()
    if item.inclusion == Inclusion.APPROVED and not status:
        return "Approved for inclusion."
    if item.inclusion == Inclusion.TARGETED and item.cut_off_date:
        date = rid_long_date(item.cut_off_date)
        if date not in status:
            status = f"{status} It will be included in this release if approved by {date}.".strip()
    return status


def in_paper_order(items):
    return sorted(items, key=lambda i: reference_order(i.modification.reference, i.part))


# -- the SEC Releases update ---------------------------------------------------------------------------


class ReleasesUpdate(PaperBuilder):
    """The release in full (scope, change requests, date changes, next steps); the later releases' provisional scope."""

    document = DocumentKind.RELEASES_UPDATE

    def build(self) -> dict:
        release = self.release
        later = self.later_releases()
        releases = [release, *later]
        self.narratives = self.record.narratives(releases, self.document)
        items = defaultdict(list)
        for item in self.record.active_scope_items(releases):
            items[item.release_id].append(item)
        sections = [
            section("1", "Purpose", [self.narrative(release, "purpose", self.purpose_prefill(later))], key="purpose"),
            *self.release_in_flight("2", release, in_paper_order(items[release.pk])),
        ]
        number = 3
        if later:
            sections.append(section(str(number), "Later SEC Releases", []))
            for position, other in enumerate(later, start=1):
                sections.append(self.provisional_scope(f"{number}.{position}", other, in_paper_order(items[other.pk])))
            number += 1
        body = self.header["body_short"]
        sections.append(
            section(
                str(number),
                "Recommendations",
                [bullets(f"The {body} is requested to:", self.recommendations(["NOTE the contents of this paper."]))],
                key="recommendations",
            )
        )
        return {"sections": sections, "signature": self.signature()}

    def later_releases(self) -> list:
        """The releases in flight that go live after this one (undated last): their provisional scope follows."""
        mine = self.release.implementation_date
        later = [
            other
            for other in self.record.releases_in_flight()
            if other.pk != self.release.pk
            and (other.implementation_date is None or mine is None or other.implementation_date > mine)
        ]
        return sorted(
            later, key=lambda r: (r.implementation_date is None, r.implementation_date or datetime.date.max, r.name)
        )

    def purpose_prefill(self, later) -> str:
        text = f"This paper presents the scope of the {self.release.name} and an update on progress."
        if later:
            text += (
                f" It also provides an update on the provisional scope of the {join_names([r.name for r in later])}."
            )
        return text

    def release_in_flight(self, number: str, release, items) -> list[dict]:
        sections = [section(number, release.name, [])]
        sub = iter(range(1, 20))
        sections.append(
            section(f"{number}.{next(sub)}", "Update on scope", self.scope_parts(release, items), key="scope", level=2)
        )
        changes = self.record.date_changes(release)
        if changes or self.has_narrative(release, "implementation_date"):
            sections.append(
                section(
                    f"{number}.{next(sub)}",
                    "Request to change the implementation date",
                    [self.date_change_table(changes), self.narrative(release, "implementation_date")],
                    key="implementation_date",
                    level=2,
                )
            )
        for key, title in (
            ("testing_approach", "Testing approach and timeline"),
            ("costs", "Release costs"),
            ("dcc_update", "The DCC’s update"),
            ("service_impact", "The DCC’s service impact summary"),
        ):
            if self.has_narrative(release, key):
                sections.append(
                    section(f"{number}.{next(sub)}", title, [self.narrative(release, key)], key=key, level=2)
                )
        sections.append(
            section(
                f"{number}.{next(sub)}",
                "Next steps",
                [self.narrative(release, "next_steps", self.next_steps_prefill(release))],
                key="next_steps",
                level=2,
            )
        )
        return sections

    def scope_parts(self, release, items) -> list[dict]:
        if not items:
            parts = [paragraphs(f"No modifications are currently in the scope of the {release.name}.")]
        else:
            parts = [
                paragraphs("The following modifications are currently in scope:"),
                table(
                    "scope",
                    f"Scope of the {release.name}",
                    ["Modification", "Impacts DCC Systems?", "Current status"],
                    [
                        [modification_cell(i), TICK if i.modification.impacts_dcc_systems else "", current_status(i)]
                        for i in items
                    ],
                    marks=(1,),
                    widths=(62, 24),
                ),
            ]
        crs = self.record.change_requests(release)
        if crs:
            parts.append(
                bullets(
                    "The following DCC Change Requests are also expected to be implemented alongside this SEC Release:",
                    [f"{cr.display_number} ‘{cr.title}’" if cr.title else cr.display_number for cr in crs],
                )
            )
        parts.append(self.narrative(release, "scope"))
        return parts

    def date_change_table(self, changes) -> dict | None:
        if not changes:
            return None
        rows = [
            [
                DateKind(change.kind).label,
                rid_long_date(change.previous_date) or "Not stated",
                rid_long_date(change.new_date) or "Not stated",
                change.reason,
                decided(change),
            ]
            for change in changes
        ]
        return table(
            "dates",
            "Changes to the release’s dates",
            ["Which date", "From", "To", "Why", "Decided"],
            rows,
            widths=(28, 22, 22, 70),
        )

    def next_steps_prefill(self, release) -> str:
        upcoming = [m for m in self.record.timetable(release) if m.date and m.date > self.as_at][:3]
        if not upcoming:
            return f"The release’s timetable has no milestones after {rid_long_date(self.as_at)}."
        lines = ["The next steps in the release’s timetable are:"]
        lines += [f"- {rid_long_date(m.date)}: {m.event}" for m in upcoming]
        return "\n".join(lines)

    def provisional_scope(self, number: str, release, items) -> dict:
        dcc_items = [i for i in items if i.modification.impacts_dcc_systems]
        parts = []
        if dcc_items:
            parts.append(
                paragraphs(f"The DCC System impacting modifications currently targeted for the {release.name} are:")
            )
            rows = []
            notes = []
            for item in dcc_items:
                m = item.modification
                rows.append(
                    [
                        modification_cell(item),
                        MARKS[m.impacts_duis],
                        MARKS[m.impacts_gbcs],
                        MARKS[m.impacts_ch_firmware],
                    ]
                )
                if m.impact_notes.strip():
                    notes.append(f"{m.reference}: {' '.join(m.impact_notes.split())}")
            parts.append(
                table(
                    "provisional",
                    f"Provisional scope of the {release.name}",
                    ["Modification", "Impacts DUIS?", "Impacts GBCS?", "Impacts CH firmware?"],
                    rows,
                    marks=(1, 2, 3),
                    widths=(102, 24, 24),
                )
            )
            for note in notes:
                parts.append({"type": "note", "text": note})
        others = len(items) - len(dcc_items)
        if not dcc_items and not others:
            parts.append(paragraphs(f"No modifications are yet targeted for the {release.name}."))
        elif others:
            parts.append(
                added(
                    f"{others} further modification{'s' if others != 1 else ''} in its scope "
                    f"do{'es' if others == 1 else ''} not impact DCC Systems."
                )
            )
        parts.append(self.narrative(release, "scope"))
        return section(number, f"{release.name} (provisional scope)", parts, level=2)


def decided(change) -> str:
    """22 May 2020 (SECP_…), or just the paper where the paper gives no date."""
    day = rid_long_date(change.decided_on)
    if day and change.paper:
        return f"{day} ({change.paper})"
    return day or change.paper or "Not stated"


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# -- the approval to implement ---------------------------------------------------------------------


class ApprovalToImplement(PaperBuilder):
    """Purpose, the RID's acceptance criteria, the OPSG's and TAG's views, residual risks, approval, recommendations."""

    document = DocumentKind.APPROVAL_TO_IMPLEMENT

    def build(self) -> dict:
        release = self.release
        self.narratives = self.record.narratives([release], self.document)
        decisions = self.latest_decisions()
        sections = [
            section("1", "Purpose", [self.narrative(release, "purpose", self.purpose_prefill())], key="purpose"),
            section("2", "Acceptance criteria", self.criteria_parts(), key="criteria"),
            section("3", "Views of the OPSG", [self.views(DecisionBody.OPSG, decisions)], key="opsg_views"),
            section("4", "Views of the TAG", [self.views(DecisionBody.TAG, decisions)], key="tag_views"),
            section("5", "Residual risks", self.risk_parts(), key="residual_risks"),
            section(
                "6",
                "Approval to proceed",
                [self.narrative(release, "approval", self.approval_prefill(decisions))],
                key="approval",
            ),
            section(
                "7",
                "Recommendations",
                [
                    bullets(
                        f"The {self.header['body_short']} is requested to:",
                        self.recommendations(self.default_recommendations()),
                    )
                ],
                key="recommendations",
            ),
        ]
        return {"sections": sections, "signature": self.signature()}

    def purpose_prefill(self) -> str:
        name = self.release.name
        return (
            f"The {name} is due to be implemented on {go_live(self.release)}. Before the changes can go live, "
            "the Panel "
            "is required to review progress against the acceptance criteria in the Release Implementation Document "
            "(RID) and give final approval to proceed.\n"
            "This paper summarises the views and recommendations of the Operations Group (OPSG) and the Testing "
            "Advisory Group (TAG), and requests that the Panel approves the SEC Release to go live."
        )

    def criteria_parts(self) -> list[dict]:
        criteria = self.record.criteria(self.release)
        if not criteria:
            return [
                paragraphs("No acceptance criteria have been set for this release."),
                self.narrative(self.release, "criteria"),
            ]
        parts = [
            paragraphs(
                "The Panel agreed in the RID that the following criteria will need to be met before the "
                f"{self.release.name} can go live:"
            )
        ]
        grouped = defaultdict(list)
        for criterion in sorted(criteria, key=lambda c: c.number):
            grouped[criterion.category].append(criterion.text)
        order = [c.value for c in Category] + [None]
        for category in order:
            if grouped.get(category):
                lead = CATEGORY_HEADINGS[category] + ":" if len(grouped) > 1 else ""
                parts.append(bullets(lead, grouped[category]))
        parts.append(self.narrative(self.release, "criteria"))
        return parts

    def latest_decisions(self) -> dict:
        latest = {}
        for decision in sorted(self.record.decisions(self.release), key=lambda d: (d.date, d.pk)):
            if decision.withdrawn_on is None or decision.withdrawn_on > self.as_at:
                latest[decision.body] = decision
        return latest

    def views(self, body: str, decisions: dict) -> dict | None:
        key = "opsg_views" if body == DecisionBody.OPSG else "tag_views"
        decision = decisions.get(body)
        prefill = ""
        if decision is not None:
            short = "OPSG" if body == DecisionBody.OPSG else "TAG"
            prefill = (
                decision.notes
                or f"The {short} recommended “{decision.get_outcome_display()}” on {rid_long_date(decision.date)}."
            )
        else:
            prefill = f"The {'OPSG' if body == DecisionBody.OPSG else 'TAG'} has not yet given its view."
        return self.narrative(self.release, key, prefill)

    def risk_parts(self) -> list[dict]:
        risks = self.record.residual_risks(self.release)
        count = len(risks)
        if count == 0:
            prefill = "The DCC has set out no residual risks."
        else:
            words = {1: "one remaining residual risk"}.get(count, f"{count} remaining residual risks")
            prefill = (
                f"The Sub-Committees noted that the DCC has set out {words}. The DCC has provided mitigations for the "
                "risks, as noted in the table below:"
            )
        parts = [self.narrative(self.release, "residual_risks", prefill)]
        if risks:
            parts.append(
                table(
                    "risks",
                    "Residual risks",
                    ["Residual risk", "DCC’s proposed approach", "Sub-Committees’ views"],
                    [[r.description, r.mitigation_list or [""], r.views] for r in risks],
                    widths=(48, 66),
                )
            )
        return parts

    def approval_prefill(self, decisions) -> str:
        opsg, tag = decisions.get(DecisionBody.OPSG), decisions.get(DecisionBody.TAG)
        if opsg and tag and opsg.outcome == tag.outcome == Outcome.GO:
            return (
                f"Based on the views of the OPSG and the TAG, we believe that the {self.release.name} is ready to be "
                f"set live on {go_live(self.release)}. We therefore recommend that the Panel approves the release to "
                "be implemented."
            )
        return "The OPSG and the TAG have not both recommended that the release go live."

    def default_recommendations(self) -> list[str]:
        return [
            "NOTE the views and recommendations of the OPSG and the TAG; and",
            f"AGREE that the {self.release.name} can be set live on {go_live(self.release)}.",
        ]
