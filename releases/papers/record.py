"""The one door through which a paper reads the record: everything it prints comes from `record_as_at`.

It is releases.asat's RecordAsAt (the record as it stood at the end of the day, from the history),
with the few readings the papers add, all made of RecordAsAt's own `rows` and `attach`.
"""

import datetime

from acceptance.choices import RiskKind

from ..asat import RecordAsAt
from ..choices import ACTIVE_INCLUSIONS, CLOSED_RELEASE_STATUSES, MilestoneKind
from ..models import Narrative, PaperHeader, Release, ScopeItem


class PaperRecord(RecordAsAt):
    def releases_in_flight(self) -> list[Release]:
        return [r for r in self.releases() if r.status not in CLOSED_RELEASE_STATUSES]

    def active_scope_items(self, releases) -> list[ScopeItem]:
        """The approved and targeted items of several releases at once, with their modifications as they stood."""
        rows = list(self.rows(ScopeItem, release_id__in=[r.pk for r in releases], inclusion__in=ACTIVE_INCLUSIONS))
        return self.attach(rows)

    def timetable(self, release) -> list:
        return [m for m in self.milestones(release) if m.kind == MilestoneKind.TIMETABLE]

    def residual_risks(self, release) -> list:
        return [r for r in self.risks(release) if r.kind == RiskKind.RESIDUAL]

    def narratives(self, releases, document: str) -> dict:
        rows = self.rows(Narrative, release_id__in=[r.pk for r in releases], document=document)
        return {(row.release_id, row.section): row for row in rows}

    def header(self, release, kind: str) -> PaperHeader | None:
        return next(iter(self.rows(PaperHeader, release_id=release.pk, kind=kind)), None)


def record_as_at(as_at: datetime.date) -> PaperRecord:
    """The record a paper dated `as_at` is generated from: as it stood at the end of that day."""
    return PaperRecord(as_at)
