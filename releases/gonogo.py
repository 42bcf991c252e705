"""The go/no-go pack: what the Panel takes into the meeting, read from the record (as at a day, or now).

Per reviewing body, its recommendation, its views as the paper sets them and each of its criteria with
status and evidence; the scope with each item's approval state and cut-off; the DCC's quoted costs
against its breakdown; milestones and slippage; readiness against target; residual risks with their
mitigations and the sub-committees' views; the Panel's decision; and the baselined RIDs.

It says what the record holds and no more: where a body recommended go while its criteria are not
recorded as met one by one (November 2019: the paper gives each body's overall view, not a per-criterion
assessment), the pack says so beside the recommendation instead of letting the counts contradict it.
"""

from dataclasses import dataclass, field

from acceptance.choices import Assessment, Reviewer, RiskKind, RiskStatus

from .asat import RecordAsAt
from .choices import ACTIVE_INCLUSIONS, DecisionBody, DocumentKind, Inclusion, Outcome
from .services import ROLL_UP_STATUSES, release_dashboard

BODY_NAMES = {
    Reviewer.OPSG: "Operations Group (OPSG)",
    Reviewer.TAG: "Testing Advisory Group (TAG)",
    Reviewer.SSC: "Security Sub-Committee (SSC)",
    None: "No reviewer stated",
}
SHORT_NAMES = {Reviewer.OPSG: "OPSG", Reviewer.TAG: "TAG", Reviewer.SSC: "SSC"}
# The approval-to-implement paper's section for each body's views (releases.choices.NARRATIVE_SECTIONS).
VIEWS_SECTION = {Reviewer.OPSG: "opsg_views", Reviewer.TAG: "tag_views"}
FAVOURABLE = (Outcome.GO, Outcome.GO_WITH_CONDITIONS)


@dataclass
class BodyReview:
    """One reviewing body's part of the pack."""

    reviewer: str | None
    criteria: list = field(default_factory=list)
    recommendation: object = None
    views: object = None
    note: str = ""

    @property
    def name(self) -> str:
        return BODY_NAMES.get(self.reviewer, str(self.reviewer))

    @property
    def short_name(self) -> str:
        return SHORT_NAMES.get(self.reviewer, self.name)

    @property
    def counts(self) -> dict:
        counts = dict.fromkeys(Assessment.values, 0)
        for criterion in self.criteria:
            counts[criterion.status] += 1
        return counts


def criteria_summary(criteria: list) -> str:
    """'0 met, 7 not assessed': the assessments present, in the roll-up's order."""
    counts = dict.fromkeys(ROLL_UP_STATUSES, 0)
    for criterion in criteria:
        counts[Assessment(criterion.status)] += 1
    parts = [f"{n} {status.label.lower()}" for status, n in counts.items() if n or status == Assessment.MET]
    return ", ".join(parts)


def recommendation_note(body: BodyReview, criteria: list, *, unattributed: bool) -> str:
    """Why a favourable recommendation sits beside criteria not recorded as met, in the record's own terms."""
    decision = body.recommendation
    if decision is None or decision.outcome not in FAVOURABLE or not criteria:
        return ""
    not_met = [c for c in criteria if c.status == Assessment.NOT_MET]
    open_ones = [c for c in criteria if c.status != Assessment.MET]
    if not open_ones:
        return ""
    whose = "the release's criteria, which name no reviewer" if unattributed else "its criteria"
    said = f"The {body.short_name} recommended {decision.get_outcome_display().lower()} on {decision.date:%-d %B %Y}"
    if not_met:
        return (
            f"{said} while the record holds {len(not_met)} of {whose} as not met "
            f"({criteria_summary(criteria)}): "
            "read its views and the Panel's decision with that."
        )
    paper = f" ({decision.paper})" if decision.paper else ""
    return (
        f"{said}; the record holds no one-by-one assessment of {whose} ({criteria_summary(criteria)}). The "
        f"paper{paper} records the {body.short_name}'s overall view, set out below, not an assessment of each "
        "criterion."
    )


def latest_by_body(recommendations: list) -> dict:
    latest = {}
    for decision in sorted(recommendations, key=lambda d: (d.date, d.pk)):
        latest[decision.body] = decision
    return latest


def reviewing_bodies(criteria: list, recommendations: list, narratives: list) -> tuple[list, BodyReview | None]:
    """The bodies with criteria, a recommendation or views, in the standard order; then the unattributed criteria."""
    latest = latest_by_body(recommendations)
    views = {
        n.section: n
        for n in narratives
        if n.document == DocumentKind.APPROVAL_TO_IMPLEMENT and n.section in VIEWS_SECTION.values()
    }
    by_reviewer = {}
    for criterion in criteria:
        by_reviewer.setdefault(criterion.reviewer, []).append(criterion)
    unattributed_criteria = by_reviewer.pop(None, [])
    bodies = []
    for reviewer in Reviewer.values:
        body = BodyReview(
            reviewer,
            criteria=by_reviewer.get(reviewer, []),
            recommendation=latest.get(DecisionBody(reviewer)),
            views=views.get(VIEWS_SECTION.get(reviewer, "")),
        )
        if body.criteria or body.recommendation or body.views:
            bodies.append(body)
    for body in bodies:
        body.note = recommendation_note(body, body.criteria, unattributed=False)
        if not body.note and not body.criteria:
            body.note = recommendation_note(body, unattributed_criteria, unattributed=True)
    unattributed = BodyReview(None, criteria=unattributed_criteria) if unattributed_criteria else None
    return bodies, unattributed


def joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def decision_notes(bodies: list, unattributed: BodyReview | None) -> list[str]:
    """Beside the recommendations: each body's note on its own criteria, and one note for the bodies that
    recommended on criteria naming no reviewer (November 2019's seven), rather than the same words twice."""
    notes = [body.note for body in bodies if body.note and body.criteria]
    shared = [body for body in bodies if body.note and not body.criteria]
    if shared and unattributed is not None:
        criteria = unattributed.criteria
        names = joined([f"the {body.short_name}" for body in shared])
        outcomes = joined(sorted({body.recommendation.get_outcome_display().lower() for body in shared}))
        days = joined(sorted({f"{body.recommendation.date:%-d %B %Y}" for body in shared}))
        papers = sorted({body.recommendation.paper for body in shared if body.recommendation.paper})
        not_met = sum(1 for c in criteria if c.status == Assessment.NOT_MET)
        said = f"{names[:1].upper()}{names[1:]} recommended {outcomes} on {days}"
        if not_met:
            notes.append(
                f"{said} while the record holds {not_met} of the release's {len(criteria)} criteria as not met "
                f"({criteria_summary(criteria)})."
            )
        else:
            source = f"The paper ({joined(papers)})" if papers else "The paper"
            notes.append(
                f"{said}; the record holds no one-by-one assessment of the release's {len(criteria)} criteria "
                f"({criteria_summary(criteria)}). {source} records each body's overall view (set out under "
                "“Acceptance criteria by reviewing body”), not an assessment of each criterion."
            )
    return notes


@dataclass
class ScopeSummary:
    active: list
    closed: list

    @property
    def approved(self) -> int:
        return sum(1 for item in self.active if item.counts_as_approved)

    @property
    def awaiting(self) -> int:
        return len(self.active) - self.approved


def past_cut_off(item, on) -> bool:
    """Targeted, its cut-off passed on the pack's day and not approved: it lapses (rule 2)."""
    return item.inclusion == Inclusion.TARGETED and item.cut_off_date is not None and item.cut_off_date < on


def readiness_summary(report) -> dict | None:
    if report is None:
        return None
    rows = list(report.components.all())
    met = [c for c in rows if c.meets_target is True]
    below = [c for c in rows if c.meets_target is False]
    unknown = len(rows) - len(met) - len(below)
    return {"components": len(rows), "at_target": len(met), "below": below, "unknown": unknown}


def go_no_go_pack(release, record: RecordAsAt, *, on) -> dict:
    """Everything the pack prints, one query per kind of row (as at `record`'s day, or now)."""
    roll_up = release_dashboard(release, record)
    items = list(record.scope_items(release))
    narratives = list(record.narratives(release))
    cost_lines = list(record.cost_lines(release))
    bodies, unattributed = reviewing_bodies(roll_up["criteria_rows"], roll_up["recommendations"], narratives)
    scope = ScopeSummary(
        active=[i for i in items if i.inclusion in ACTIVE_INCLUSIONS],
        closed=[i for i in items if i.inclusion not in ACTIVE_INCLUSIONS],
    )
    for item in scope.active:
        item.past_cut_off = past_cut_off(item, on)
    risks = roll_up["risks"]
    residual = [r for r in risks if r.kind == RiskKind.RESIDUAL]
    return {
        **roll_up,
        "bodies": bodies,
        "unattributed": unattributed,
        "decision_notes": decision_notes(bodies, unattributed),
        "scope": scope,
        "cost_lines": cost_lines,
        "breakdown_total": release.breakdown_total(cost_lines),
        "cost_difference": release.cost_difference(cost_lines),
        "residual_risks": residual,
        "open_log_risks": [r for r in risks if r.kind != RiskKind.RESIDUAL and r.status == RiskStatus.OPEN],
        "readiness_summary": readiness_summary(roll_up["readiness"]),
        "approval_narratives": [n for n in narratives if n.document == DocumentKind.APPROVAL_TO_IMPLEMENT],
        "pack_day": on,
    }
