"""One history: django-simple-history records of several models, merged, paged and diffed.

A subject (a release, a modification) names its sources: the history records of each model that
belong to it. A page of its history is one UNION query over those history tables (kind, history id,
date), then, per kind on the page, one query for the page's records and one for their predecessors,
and one per related model the changes name (a fall-back release, say). The cost of a page does not
grow with the length of the history. The pages and the API read the same entries: the API the raw
values, the pages the same changes in words.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, ForeignKey, Max, OuterRef, Subquery, Value
from django.utils.formats import date_format

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Bookkeeping, or said elsewhere in the entry (an item's change_reason is the entry's reason).
NOT_SHOWN = ["created_at", "updated_at", "change_reason"]


@dataclass
class Source:
    """The history records of one model that belong to the subject."""

    kind: str
    model: type
    filters: dict
    related: tuple[str, ...] = ()
    label: object = str

    def records(self):
        return self.model.history.filter(**self.filters)


@dataclass
class Change:
    field: str
    label: str
    old: object
    new: object
    old_shown: str = ""
    new_shown: str = ""


@dataclass
class Entry:
    kind: str
    object_id: int
    object: str
    history_id: int
    action: str
    at: datetime.datetime
    user: object
    reason: str
    changes: list[Change] = field(default_factory=list)

    @property
    def by(self) -> str | None:
        return self.user.username if self.user else None

    @property
    def who(self) -> str:
        return (self.user.get_full_name() or self.user.username) if self.user else "the system"


class MergedHistory:
    def __init__(self, sources: list[Source]):
        self.sources = {source.kind: source for source in sources}

    def timeline(self):
        """The merged (kind, history_id, history_date) rows, newest first: what a paginator slices."""
        parts = [
            source.records()
            .order_by()
            .annotate(history_kind=Value(source.kind, output_field=CharField()))
            .values_list("history_kind", "history_id", "history_date")
            for source in self.sources.values()
        ]
        first, *rest = parts
        return first.union(*rest, all=True).order_by("-history_date", "-history_id")

    def entries(self, page) -> list[Entry]:
        wanted = defaultdict(set)
        for kind, history_id, _ in page:
            wanted[kind].add(history_id)
        found = {}
        for kind, history_ids in wanted.items():
            found.update(records_with_predecessors(self.sources[kind], history_ids))
        entries = [entry(*found[(kind, history_id)]) for kind, history_id, _ in page]
        describe_changes(entries, {source.kind: source.model for source in self.sources.values()})
        return entries


def records_with_predecessors(source: Source, history_ids: set) -> dict:
    """The wanted records, each with the record of the same row just before it: two queries per kind.

    "Just before" is the highest earlier history id of the same row: history ids grow as records are
    written, and the (row id, history id) lookup stays an index scan however long the history is.
    """
    history = source.model.history
    earlier = (
        history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by()
        .values("id")
        .annotate(latest=Max("history_id"))
        .values("latest")
    )
    records = list(
        history.filter(history_id__in=history_ids)
        .annotate(previous_history_id=Subquery(earlier))
        .select_related("history_user", *source.related)
    )
    previous = history.in_bulk([r.previous_history_id for r in records if r.previous_history_id])
    return {(source.kind, r.history_id): (source, r, previous.get(r.previous_history_id)) for r in records}


def entry(source: Source, record, before) -> Entry:
    changes = []
    if before is not None and record.history_type == "~":
        delta = record.diff_against(before, excluded_fields=NOT_SHOWN)
        changes = [Change(c.field, c.field, c.old, c.new) for c in delta.changes]
    return Entry(
        kind=source.kind,
        object_id=record.id,
        object=source.label(record),
        history_id=record.history_id,
        action=ACTIONS.get(record.history_type, record.history_type),
        at=record.history_date,
        user=record.history_user,
        reason=record.history_change_reason or "",
        changes=changes,
    )


def describe_changes(entries: list[Entry], models: dict) -> None:
    """Labels and values in words: choices by their labels, dates as dates, related rows by name."""
    wanted = defaultdict(set)
    for item in entries:
        for change in item.changes:
            model_field = models[item.kind]._meta.get_field(change.field)
            if isinstance(model_field, ForeignKey):
                wanted[model_field.related_model] |= {change.old, change.new} - {None}
    names = {
        model: {pk: str(obj) for pk, obj in model._default_manager.in_bulk(pks).items()}
        for model, pks in wanted.items()
    }
    for item in entries:
        for change in item.changes:
            model_field = models[item.kind]._meta.get_field(change.field)
            change.label = str(model_field.verbose_name)[:1].upper() + str(model_field.verbose_name)[1:]
            change.old_shown = shown(model_field, change.old, names)
            change.new_shown = shown(model_field, change.new, names)


def shown(model_field, value, names: dict) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(model_field, ForeignKey):
        return names.get(model_field.related_model, {}).get(value, f"deleted {model_field.verbose_name} {value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return date_format(value, "j M Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    return str(value)


def scope_item_label(record) -> str:
    """A scope item in words, the same in every history: "MP084 Part 1 in June 2020 SEC Release"."""
    return f"{record.modification.reference} {record.part}".strip() + f" in {record.release.name}"


SCOPE_ITEM_RELATED = ("modification", "release")


def plain(value):
    """A value as JSON carries it."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
