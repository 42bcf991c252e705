"""History endpoints: django-simple-history records of several models, merged, paginated, diffed.

A page is one UNION query over the history tables (kind, history_id, date), then one query per kind
on the page that fetches those rows' versions, so each record is diffed against the version before
it without a query per row.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, Value
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .base import Pagination

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
NOT_DIFFED = ["created_at", "updated_at"]


@dataclass
class Source:
    """The history records of one model that belong to the subject (a release, a modification)."""

    kind: str
    model: type
    filters: dict
    related: tuple[str, ...] = ()
    label: object = str

    def records(self):
        return self.model.history.filter(**self.filters)


class MergedHistory:
    def __init__(self, sources: list[Source]):
        self.sources = {source.kind: source for source in sources}

    def timeline(self):
        """The merged (kind, history_id, history_date) rows, newest first: what the paginator slices."""
        parts = [
            source.records()
            .order_by()
            .annotate(history_kind=Value(source.kind, output_field=CharField()))
            .values_list("history_kind", "history_id", "history_date")
            for source in self.sources.values()
        ]
        first, *rest = parts
        return first.union(*rest, all=True).order_by("-history_date", "-history_id")

    def etag_parts(self) -> tuple:
        timeline = self.timeline()
        self.count = timeline.count()
        newest = timeline[:1]
        return (self.count, *(list(newest)[0] if self.count else ()))

    def entries(self, page) -> list[dict]:
        wanted = defaultdict(set)
        for kind, history_id, _ in page:
            wanted[kind].add(history_id)
        by_history_id = {}
        for kind, history_ids in wanted.items():
            by_history_id.update(self.versions_with_predecessors(self.sources[kind], history_ids))
        return [entry(kind, *by_history_id[(kind, history_id)]) for kind, history_id, _ in page]

    def versions_with_predecessors(self, source: Source, history_ids: set) -> dict:
        """Each wanted record with the version of the same row before it, in one query."""
        model_history = source.model.history
        object_ids = model_history.filter(history_id__in=history_ids).values("id")
        versions = (
            model_history.filter(id__in=object_ids)
            .select_related("history_user", *source.related)
            .order_by("id", "history_date", "history_id")
        )
        out, previous = {}, {}
        for version in versions:
            before = previous.get(version.id)
            if version.history_id in history_ids:
                out[(source.kind, version.history_id)] = (source, version, before)
            previous[version.id] = version
        return out


def plain(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def entry(kind, source: Source, record, before) -> dict:
    changes = []
    if before is not None and record.history_type == "~":
        delta = record.diff_against(before, excluded_fields=NOT_DIFFED)
        changes = [{"field": c.field, "old": plain(c.old), "new": plain(c.new)} for c in delta.changes]
    user = record.history_user
    return {
        "kind": kind,
        "object_id": record.id,
        "object": source.label(record),
        "history_id": record.history_id,
        "action": ACTIONS.get(record.history_type, record.history_type),
        "at": record.history_date,
        "by": user.username if user else None,
        "reason": record.history_change_reason or "",
        "changes": changes,
    }


@extend_schema_field(
    {"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}, {"type": "null"}]},
)
class AnyValueField(serializers.Field):
    def to_representation(self, value):
        return value


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = AnyValueField(allow_null=True)
    new = AnyValueField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="What changed: release, scope_item, milestone, criterion, ...")
    object_id = serializers.IntegerField()
    object = serializers.CharField(help_text="The changed row, in words.")
    history_id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    at = serializers.DateTimeField()
    by = serializers.CharField(allow_null=True, help_text="The username; null for the system (jobs, imports).")
    reason = serializers.CharField(allow_blank=True)
    changes = FieldChangeSerializer(many=True, help_text="Field, value before, value after (ids for relations).")


class HistoryPagination(Pagination):
    page_size = 50


def release_history(release) -> MergedHistory:
    from acceptance.models import Criterion, ReadinessComponent, ReadinessReport, Risk

    from ..models import (
        CostBreakdownLine,
        Decision,
        Milestone,
        Release,
        ReleaseDateChange,
        RidVersion,
        ScopeItem,
        SecasCost,
    )

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
