"""The record as at a date: the one place that reads a release as it stood at the end of a day.

Every page, API endpoint and paper that takes ``?as_at=YYYY-MM-DD`` reads through here, so they all
agree on what "as at" means: the state each row had at the end of that day in the UK (23:59:59.999999
Europe/London), read from django-simple-history's historical tables. The demo writes its history at
the papers' dates (releases/demo/clock.py), so "as at 26 May 2020" is the record as the OPSG saw it.

Interface (stable: add to it, do not rename):

    as_at_day(value) -> date | None
        Parse ``YYYY-MM-DD`` from a query string (None or "" -> None: the live record). A bad or
        implausible date, or a day after today, raises ``AsAtError`` (a ValidationError on ``as_at``),
        which pages show as a form error and the API answers as 400.

    record = RecordAsAt(day)            # day None: the live record
    record.is_live / record.day / record.moment / record.label ("the end of 26 May 2020")
    record.release(slug)                -> Release as it stood (Release.DoesNotExist if it did not exist yet)
    record.releases()                   -> every release that existed then
    record.scope_items(release)         -> items with .modification, .fall_back_release, .replaces(.release)
    record.modifications(ids)           -> {id: Modification} as they stood
    record.modification(reference)      -> Modification as it stood (DoesNotExist if not yet)
    record.modification_scope_items(m)  -> its items in every release, in the order they were placed
    record.with_modification_details(m) -> m with aliases, key_dates, change_requests as they stood
    record.milestones(release)
    record.criteria(release)            -> with .assessed_by (users are not historical: as they are now)
    record.risks(release)
    record.cost_lines(release)          -> with .modification
    record.secas_costs(release)
    record.decisions(release)           -> all, withdrawn included (withdrawn_on as it stood)
    record.standing_decisions(release)  -> not withdrawn as at the day
    record.readiness_reports(release)   -> standing reports, newest first, each with .component_rows
    record.latest_readiness(release)    -> the latest standing report (or None), with .component_rows
    record.change_requests(release)     -> with .modification
    record.date_changes(release)
    record.rid_versions(release)
    record.narratives(release)          -> the release's paper text sections
    record.criterion_changes(release)   -> amendments of its criteria recorded by then
    record.rows(Model, **filters)       -> any history-tracked model's rows as they stood (a queryset)
    record.records(Model, **filters)    -> their history records (for paging with annotations; .instance)
    record.attach(rows)                 -> fills rows' relations as they stood, one query per related model

Each list method returns the rows in the model's own order. Live (day None) they are the models'
querysets (with the same select_related), so callers can chain them; as at a day they are lists
already fetched, one query per model (not per row): related rows are attached from one as-of query
per related model rather than through HistoricForeignKey, whose descriptor would query per row.
Readiness components are on ``report.component_rows`` in both modes (a list).

Rows read as at a day are model instances built from history records: read them, never save them.
"""

import datetime
from collections import defaultdict
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Prefetch

from acceptance.models import Criterion, ReadinessComponent, ReadinessReport, Risk
from modifications.models import ChangeRequest, Modification
from secreleases.clock import UK, today
from secreleases.models import EARLIEST_DATE

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

AS_AT_FORMAT = "Give the date as YYYY-MM-DD, e.g. 2020-05-26."
AS_AT_TOO_EARLY = "The record starts in 2000: give a date from 2000-01-01."
AS_AT_FUTURE = "The record cannot be read as at a day that has not ended: give today or an earlier date."


class AsAtError(ValidationError):
    """A bad ?as_at: shown beside the date field on pages, a 400 field error in the API."""

    def __init__(self, message: str):
        super().__init__({"as_at": [message]})
        self.reason = message


def as_at_day(value) -> datetime.date | None:
    """The day a request asks the record as at, or None for the live record; AsAtError if unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        text = str(value).strip()
        try:
            # Only the ISO form: 05/06/2020 reads differently either side of the Atlantic.
            if len(text) != 10:
                raise ValueError(text)
            value = datetime.date.fromisoformat(text)
        except ValueError:
            raise AsAtError(AS_AT_FORMAT) from None
    if value < EARLIEST_DATE:
        raise AsAtError(AS_AT_TOO_EARLY)
    if value > today():
        raise AsAtError(AS_AT_FUTURE)
    return value


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last instant of `day` in the UK: history dated up to and including it counts."""
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=UK)


def keep_prefetched(instance, name: str, rows: list) -> None:
    """`instance.<name>.all()` answers `rows` without a query, as prefetch_related leaves it (templates and
    serializers read relations that way); `.component_rows` style attributes name the same list."""
    queryset = getattr(instance, name).model._default_manager.none()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    instance._prefetched_objects_cache = {**getattr(instance, "_prefetched_objects_cache", {}), name: queryset}
    setattr(instance, f"{name[:-1] if name.endswith('s') else name}_rows", list(rows))


def in_model_order(queryset, model):
    return queryset.order_by(*model._meta.ordering)


class RecordAsAt:
    """The record as it stood at the end of `day` (None: the record as it is now)."""

    def __init__(self, day: datetime.date | None):
        self.day = day
        self.moment = end_of_day(day) if day else None

    @property
    def is_live(self) -> bool:
        return self.day is None

    @property
    def label(self) -> str:
        """For banners: 'the end of 26 May 2020'."""
        return f"the end of {self.day:%-d %B %Y}" if self.day else "now"

    def query_value(self) -> str:
        """The ?as_at value that asks for this record again (empty when live)."""
        return self.day.isoformat() if self.day else ""

    # -- the historical querysets: one query per model ---------------------------------------------

    def rows(self, model, **filters):
        """`model`'s rows as they stood (latest history record of each row up to the moment, not deleted)."""
        if self.is_live:
            return in_model_order(model._default_manager.filter(**filters), model)
        return in_model_order(self._latest_records(model, filters).as_instances(), model)

    def records(self, model, **filters):
        """The history records behind `rows` (not yet instances): for paging with annotations, as the API does.

        Each record's `.instance` is the row as it stood; `attach(instances)` then fills its relations.
        """
        if self.is_live:
            raise ValueError("The live record has no history records to read: use rows().")
        return in_model_order(self._latest_records(model, filters).exclude(history_type="-"), model)

    def _latest_records(self, model, filters: dict):
        """Each row's latest history record up to the moment (HistoryManager.as_of's latest_of_each), that matches
        `filters` as it stood. The rows that ever matched are chosen first, so a release's scope reads its own
        items' history, not every item's: the cost follows the release, not the whole record."""
        history = model.history.filter(history_date__lte=self.moment)
        if filters:
            history = history.filter(id__in=model.history.filter(**filters).values("id"))
        if connection.vendor != "postgresql":
            return history.latest_of_each().filter(**filters)
        # PostgreSQL: DISTINCT ON picks each row's latest record in one sort, where latest_of_each's NOT EXISTS
        # probes every record against the later ones (four times slower on ten years of history).
        latest = history.order_by("id", "-history_date", "-history_id").distinct("id").values("history_id")
        return model.history.filter(history_id__in=latest).filter(**filters)

    def attach(self, rows: list) -> list:
        """Fill the rows' relations as they stood (releases, modifications, replaced items; users as now),
        one query per related model, so reading `row.release.slug` or `row.modification.title` costs nothing."""
        if self.is_live or not rows:
            return rows
        model = type(rows[0])
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.many_to_many:
                continue
            related = field.related_model
            ids = {getattr(row, field.attname) for row in rows} - {None}
            if not ids:
                continue
            if related is Release:
                found = self._releases_by_id
            elif related is Modification:
                found = self.modifications(ids)
            elif hasattr(related, "history"):
                found = {r.pk: r for r in self.rows(related, id__in=ids)}
                if related in (ScopeItem, ChangeRequest):
                    self.attach(list(found.values()))  # their release, as it stood
            else:
                found = related._default_manager.in_bulk(ids)
            for row in rows:
                if (pk := getattr(row, field.attname)) in found:
                    setattr(row, field.name, found[pk])
        return rows

    # -- releases --------------------------------------------------------------------------------

    def releases(self):
        return self.rows(Release)

    @cached_property
    def _releases_by_id(self) -> dict:
        return {release.pk: release for release in self.rows(Release)}

    def release(self, slug: str) -> Release:
        """The release as it stood; Release.DoesNotExist if it did not exist yet (a 404)."""
        if self.is_live:
            return Release.objects.get(slug=slug)
        found = list(self.rows(Release, slug=slug)[:1])
        if not found:
            raise Release.DoesNotExist(f"No release {slug} as at {self.label}.")
        return found[0]

    def release_by_id(self, pk):
        if pk is None:
            return None
        if self.is_live:
            return Release.objects.get(pk=pk)
        return self._releases_by_id.get(pk)

    # -- modifications ---------------------------------------------------------------------------

    def modifications(self, ids) -> dict:
        """{id: Modification} as they stood, in one query; a row missing from history is read live."""
        ids = {pk for pk in ids if pk is not None}
        if not ids:
            return {}
        if self.is_live:
            return Modification.objects.in_bulk(ids)
        found = {m.pk: m for m in self.rows(Modification, id__in=ids)}
        if missing := ids - set(found):
            # Written before its history began (a fixture, a raw import): the row as it is is all there is.
            found.update(Modification.objects.in_bulk(missing))
        return found

    def modification(self, reference: str) -> Modification:
        if self.is_live:
            return Modification.objects.get(reference=reference)
        found = list(self.rows(Modification, reference=reference)[:1])
        if not found:
            raise Modification.DoesNotExist(f"No modification {reference} as at {self.label}.")
        return found[0]

    def modification_scope_items(self, modification):
        """Where the modification was, release by release, in the order it was placed (its page's table)."""
        if self.is_live:
            related = ("release", "fall_back_release", "replaces__release")
            return modification.scope_items.select_related(*related).order_by("added_on", "pk")
        items = list(self.rows(ScopeItem, modification_id=modification.pk).order_by("added_on", "pk"))
        for item in items:
            item.modification = modification
        return self.attach(items)

    def with_modification_details(self, modification) -> Modification:
        """As at a day, the modification's aliases, key dates and change requests as they stood, read through
        `modification.aliases.all()` etc. as the page does (one query each); live, the page prefetches them."""
        if self.is_live:
            return modification
        from modifications.models import CrDependency, DocumentImpact, KeyDate, ModificationAlias, ParticipantImpact

        details = (
            ("aliases", ModificationAlias),
            ("key_dates", KeyDate),
            ("change_requests", ChangeRequest),
            ("participant_impacts", ParticipantImpact),
            ("document_impacts", DocumentImpact),
            ("cr_dependencies", CrDependency),
        )
        for name, model in details:
            rows = self.attach(list(self.rows(model, modification_id=modification.pk)))
            keep_prefetched(modification, name, rows)
        return modification

    def _attach_modifications(self, rows: list, attr: str = "modification") -> list:
        by_id = self.modifications(getattr(row, f"{attr}_id") for row in rows)
        for row in rows:
            if (pk := getattr(row, f"{attr}_id")) is not None and pk in by_id:
                setattr(row, attr, by_id[pk])
        return rows

    def _attach_releases(self, rows: list, attr: str) -> list:
        for row in rows:
            pk = getattr(row, f"{attr}_id")
            if pk is not None and (release := self._releases_by_id.get(pk)) is not None:
                setattr(row, attr, release)
        return rows

    # -- scope -----------------------------------------------------------------------------------

    def scope_items(self, release):
        if self.is_live:
            return release.scope_items.select_related("modification", "fall_back_release", "replaces__release")
        items = list(self.rows(ScopeItem, release_id=release.pk))
        for item in items:
            item.release = release
        self._attach_modifications(items)
        self._attach_releases(items, "fall_back_release")
        replaced_ids = {item.replaces_id for item in items if item.replaces_id}
        if replaced_ids:
            replaced = {i.pk: i for i in self.rows(ScopeItem, id__in=replaced_ids)}
            self._attach_releases(list(replaced.values()), "release")
            for item in items:
                if item.replaces_id in replaced:
                    item.replaces = replaced[item.replaces_id]
        return items

    def cost_lines(self, release):
        if self.is_live:
            return release.cost_lines.select_related("modification")
        return self._attach_modifications(self._own(CostBreakdownLine, release))

    def change_requests(self, release):
        if self.is_live:
            return ChangeRequest.objects.filter(release=release).select_related("modification")
        return self._attach_modifications(self._own(ChangeRequest, release))

    # -- the rest of the release's record ---------------------------------------------------------

    def _own(self, model, release) -> list:
        rows = list(self.rows(model, release_id=release.pk))
        for row in rows:
            row.release = release
        return rows

    def milestones(self, release):
        return release.milestones.all() if self.is_live else self._own(Milestone, release)

    def criteria(self, release):
        if self.is_live:
            return release.criteria.select_related("assessed_by")
        rows = self._own(Criterion, release)
        user_ids = {c.assessed_by_id for c in rows if c.assessed_by_id}
        if user_ids:
            from .models import User

            users = User.objects.in_bulk(user_ids)
            for criterion in rows:
                if criterion.assessed_by_id in users:
                    criterion.assessed_by = users[criterion.assessed_by_id]
        return rows

    def risks(self, release):
        return release.risks.all() if self.is_live else self._own(Risk, release)

    def secas_costs(self, release):
        return release.secas_costs.all() if self.is_live else self._own(SecasCost, release)

    def decisions(self, release):
        return release.decisions.all() if self.is_live else self._own(Decision, release)

    def standing_decisions(self, release):
        if self.is_live:
            return release.decisions.standing()
        return [d for d in self.decisions(release) if d.withdrawn_on is None]

    def date_changes(self, release):
        if self.is_live:
            return release.date_changes.select_related("recorded_by")
        return self._own(ReleaseDateChange, release)

    def criterion_changes(self, release):
        """Amendments of the release's criteria: append-only rows (no history table), so those recorded by then."""
        rows = release.criterion_changes.select_related("recorded_by")
        return rows if self.is_live else rows.filter(created_at__lte=self.moment)

    def narratives(self, release):
        return release.narratives.all() if self.is_live else self._own(Narrative, release)

    def rid_versions(self, release):
        return release.rid_versions.all() if self.is_live else self._own(RidVersion, release)

    # -- readiness -------------------------------------------------------------------------------

    def readiness_reports(self, release) -> list:
        """Standing reports, newest as-at first, each with `.component_rows` (two queries)."""
        if self.is_live:
            components = Prefetch("components", queryset=ReadinessComponent.objects.all(), to_attr="component_rows")
            return list(
                ReadinessReport.objects.standing()
                .filter(release=release)
                .prefetch_related(components)
                .order_by("-as_at")
            )
        reports = [r for r in self._own(ReadinessReport, release) if r.withdrawn_on is None]
        reports.sort(key=lambda r: r.as_at, reverse=True)
        rows = defaultdict(list)
        if reports:
            for component in self.rows(ReadinessComponent, report_id__in=[r.pk for r in reports]):
                rows[component.report_id].append(component)
        for report in reports:
            keep_prefetched(report, "components", rows[report.pk])
            for component in report.component_rows:
                component.report = report
        return reports

    def latest_readiness(self, release):
        """The latest standing report as it stood (or None), with `.component_rows`."""
        if self.is_live:
            report = ReadinessReport.objects.latest_for(release)
            if report is not None:
                keep_prefetched(report, "components", list(report.components.all()))
            return report
        reports = self.readiness_reports(release)
        return reports[0] if reports else None
