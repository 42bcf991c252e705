"""The standard implementation timetable a new release starts with, in one place.

Source: the June 2020 RID v1.1, section 3 "Release implementation timetable" (Appendix A of Panel paper
SECP_76_1701_23, 10 January 2020), as the demo transcribes it (releases/demo/jan2020_rid.py): its events,
owners and notes, word for word. Its dates follow a pattern a new release can reuse:

- the two Panel baselines fell on the release's scope locks (the June 2020 locks the Panel recorded,
  11 October 2019 and 17 January 2020, are those rows' dates), so they take the new release's locks;
- from the UIT Completion Report to go-live, each row keeps its distance in days from the RID's go-live
  (25 June 2020): 36, 30, 29, 23, 13, 13 and 0 days before;
- the TAD, SIT and UIT rows had no dates in the RID ("will be provided following these discussions"),
  so they start undated here too.
"""

import datetime
from dataclasses import dataclass

from .choices import DateKind
from .demo.jan2020_rid import TIMETABLE as JUNE_2020_RID_TIMETABLE

JUNE_2020_GO_LIVE = datetime.date(2020, 6, 25)
SOURCE = "Standard timetable: the June 2020 RID v1.1, section 3 (SECP_76_1701_23, Appendix A)"
# The rows the Panel baselines on a scope lock, by their position in the RID's timetable.
ON_SCOPE_LOCK = {0: DateKind.SYSTEM_SCOPE_LOCK, 1: DateKind.DOCUMENT_SCOPE_LOCK}


@dataclass(frozen=True)
class StandardMilestone:
    event: str
    notes: str
    owner: str | None
    days_before_go_live: int | None = None
    on_scope_lock: str | None = None  # a DateKind: the row falls on that lock

    def date_for(self, release) -> datetime.date | None:
        """This row's planned date for `release`; None while its go-live (or the lock) is unknown."""
        if self.on_scope_lock == DateKind.SYSTEM_SCOPE_LOCK:
            return release.system_scope_lock_date
        if self.on_scope_lock == DateKind.DOCUMENT_SCOPE_LOCK:
            return release.document_scope_lock_date
        if self.days_before_go_live is None or release.implementation_date is None:
            return None
        return release.implementation_date - datetime.timedelta(days=self.days_before_go_live)


def standard_row(position: int, date, event: str, notes: str, owner) -> StandardMilestone:
    if position in ON_SCOPE_LOCK:
        return StandardMilestone(event, notes, owner, on_scope_lock=ON_SCOPE_LOCK[position])
    days = (JUNE_2020_GO_LIVE - date).days if date else None
    return StandardMilestone(event, notes, owner, days_before_go_live=days)


STANDARD_TIMETABLE: tuple[StandardMilestone, ...] = tuple(
    standard_row(position, *row) for position, row in enumerate(JUNE_2020_RID_TIMETABLE)
)
