"""The release's merged history: the release and everything in it, for its page and the API alike."""

from acceptance.models import Criterion, ReadinessComponent, ReadinessReport, Risk
from modifications.models import ChangeRequest, Modification
from secreleases.history import SCOPE_ITEM_RELATED, MergedHistory, Source, scope_item_label

from .models import (
    CostBreakdownLine,
    Decision,
    Milestone,
    Narrative,
    Release,
    ReleaseDateChange,
    RidVersion,
    ScopeItem,
    SecasCost,
)


def release_history(release) -> MergedHistory:
    pk = release.pk
    reports = ReadinessReport.history.filter(release_id=pk).values("id")
    # The modifications it has scope for: their phase changes (approved, sent back) are the release's news too.
    modifications = ScopeItem.objects.filter(release_id=pk).values("modification_id")
    return MergedHistory(
        [
            Source("release", Release, {"id": pk}, label=lambda r: r.name),
            Source("scope_item", ScopeItem, {"release_id": pk}, related=SCOPE_ITEM_RELATED, label=scope_item_label),
            Source("modification", Modification, {"id__in": modifications}, label=lambda r: r.reference),
            Source(
                "change_request",
                ChangeRequest,
                {"release_id": pk},
                label=lambda r: f"{r.number or 'CRTBC'} {r.title}".strip(),
            ),
            Source("milestone", Milestone, {"release_id": pk}, label=lambda r: r.event),
            Source(
                "criterion",
                Criterion,
                {"release_id": pk},
                label=lambda r: f"{r.get_category_display() if r.category else 'Criterion'} {r.number}",
            ),
            Source("risk", Risk, {"release_id": pk}, label=lambda r: r.description[:80]),
            Source(
                "decision",
                Decision,
                {"release_id": pk},
                label=lambda r: f"{r.get_body_display()}: {r.get_outcome_display()} ({r.date:%-d %b %Y})",
            ),
            Source(
                "cost_line",
                CostBreakdownLine,
                {"release_id": pk},
                related=("modification",),
                label=lambda r: f"costs of {r.modification.reference}",
            ),
            Source("secas_cost", SecasCost, {"release_id": pk}, label=lambda r: r.activity),
            Source(
                "readiness_report",
                ReadinessReport,
                {"release_id": pk},
                label=lambda r: f"readiness as at {r.as_at:%-d %b %Y}",
            ),
            Source("readiness_component", ReadinessComponent, {"report_id__in": reports}, label=lambda r: r.name),
            Source(
                "date_change",
                ReleaseDateChange,
                {"release_id": pk},
                label=lambda r: (
                    f"{r.get_kind_display()}: {r.previous_date or 'not stated'} → {r.new_date or 'not set'}"
                ),
            ),
            Source("rid_version", RidVersion, {"release_id": pk}, label=lambda r: f"RID v{r.version}"),
            Source(
                "narrative", Narrative, {"release_id": pk}, label=lambda r: f"{r.get_document_display()}, {r.section}"
            ),
        ]
    )
