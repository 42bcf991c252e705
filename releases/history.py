"""The release's merged history: the release and everything in it, for its page and the API alike."""

from acceptance.models import Criterion, ReadinessComponent, ReadinessReport, Risk
from secreleases.history import MergedHistory, Source

from .models import (
    CostBreakdownLine,
    Decision,
    Milestone,
    Release,
    ReleaseDateChange,
    RidVersion,
    ScopeItem,
    SecasCost,
)


def release_history(release) -> MergedHistory:
    reports = ReadinessReport.history.filter(release_id=release.pk).values("id")
    return MergedHistory(
        [
            Source("release", Release, {"id": release.pk}, label=lambda r: r.name),
            Source(
                "scope_item",
                ScopeItem,
                {"release_id": release.pk},
                related=("modification",),
                label=lambda r: f"{r.modification.reference} {r.part}".strip(),
            ),
            Source("milestone", Milestone, {"release_id": release.pk}, label=lambda r: r.event),
            Source(
                "criterion",
                Criterion,
                {"release_id": release.pk},
                label=lambda r: f"{r.category or 'criterion'} {r.number}",
            ),
            Source("risk", Risk, {"release_id": release.pk}, label=lambda r: r.description[:80]),
            Source("decision", Decision, {"release_id": release.pk}, label=lambda r: f"{r.body}: {r.outcome}"),
            Source(
                "cost_line",
                CostBreakdownLine,
                {"release_id": release.pk},
                related=("modification",),
                label=lambda r: f"costs of {r.modification.reference}",
            ),
            Source("secas_cost", SecasCost, {"release_id": release.pk}, label=lambda r: r.activity),
            Source("readiness_report", ReadinessReport, {"release_id": release.pk}, label=lambda r: f"as at {r.as_at}"),
            Source("readiness_component", ReadinessComponent, {"report_id__in": reports}, label=lambda r: r.name),
            Source(
                "date_change",
                ReleaseDateChange,
                {"release_id": release.pk},
                label=lambda r: f"{r.kind}: {r.previous_date} -> {r.new_date}",
            ),
            Source("rid_version", RidVersion, {"release_id": release.pk}, label=lambda r: f"RID v{r.version}"),
        ]
    )
