"""The one door through which a paper reads the record: everything it prints comes from `record_as_at`.

Today it reads the live rows (filtered to what existed by the end of the day where a row says when);
switching to the record as it stood at the end of the day (releases.asat) changes `record_as_at` only.
"""

import datetime

from acceptance.choices import RiskKind
from acceptance.models import Criterion, Risk
from modifications.models import ChangeRequest

from ..choices import ACTIVE_INCLUSIONS, CLOSED_RELEASE_STATUSES, MilestoneKind
from ..models import Decision, Milestone, Narrative, PaperHeader, Release, ReleaseDateChange, ScopeItem


class LiveRecord:
    """The record as it is now, read for a paper dated `as_at`."""

    def __init__(self, as_at: datetime.date):
        self.as_at = as_at

    def release(self, release: Release) -> Release:
        return release

    def releases_in_flight(self) -> list[Release]:
        return list(Release.objects.exclude(status__in=CLOSED_RELEASE_STATUSES))

    def scope_items(self, releases) -> list[ScopeItem]:
        return list(
            ScopeItem.objects.filter(release__in=releases, inclusion__in=ACTIVE_INCLUSIONS).select_related(
                "modification", "fall_back_release"
            )
        )

    def change_requests(self, release) -> list[ChangeRequest]:
        return list(ChangeRequest.objects.filter(release=release).order_by("number", "pk"))

    def date_changes(self, release) -> list[ReleaseDateChange]:
        return [
            change
            for change in ReleaseDateChange.objects.filter(release=release).order_by("decided_on", "pk")
            if (change.decided_on or change.created_at.date()) <= self.as_at
        ]

    def milestones(self, release) -> list[Milestone]:
        return list(Milestone.objects.filter(release=release, kind=MilestoneKind.TIMETABLE).order_by("position", "pk"))

    def criteria(self, release) -> list[Criterion]:
        return list(Criterion.objects.filter(release=release).order_by("category", "number"))

    def residual_risks(self, release) -> list[Risk]:
        return list(Risk.objects.filter(release=release, kind=RiskKind.RESIDUAL).order_by("pk"))

    def decisions(self, release) -> list[Decision]:
        return [d for d in Decision.objects.filter(release=release).order_by("date", "pk") if d.date <= self.as_at]

    def narratives(self, releases, document: str) -> dict[tuple[int, str], Narrative]:
        rows = Narrative.objects.filter(release__in=releases, document=document)
        return {(row.release_id, row.section): row for row in rows}

    def header(self, release, kind: str) -> PaperHeader | None:
        return PaperHeader.objects.filter(release=release, kind=kind).first()


def record_as_at(as_at: datetime.date) -> LiveRecord:
    """The record a paper dated `as_at` is generated from."""
    return LiveRecord(as_at)
