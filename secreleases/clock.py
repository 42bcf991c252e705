"""What day it is for SECAS: the UK's date, whatever the server's or the request's zone.

The demo loader transcribes papers of 2019 and 2020 "as of" each paper's day (`as_of`), so the rules
that read today (an item may only go into a release still ahead of go-live, an actual date is not in
the future) judge the paper's day, as they did when the paper was written.
"""

import contextlib
import contextvars
import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

UK = ZoneInfo("Europe/London")
_as_of: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar("secreleases_as_of", default=None)


def today() -> datetime.date:
    """Today in the UK: a cut-off passes, and a job's day starts, at midnight UK time."""
    return _as_of.get() or timezone.localdate(timezone=UK)


@contextlib.contextmanager
def as_of(day: datetime.date):
    """Inside, `today()` is `day`: for transcribing a paper as its day saw it."""
    token = _as_of.set(day)
    try:
        yield day
    finally:
        _as_of.reset(token)
