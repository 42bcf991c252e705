"""Write the demo as the papers happened: every history row carries the date of the paper it comes from."""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from simple_history.signals import pre_create_historical_record

LONDON = ZoneInfo("Europe/London")
HISTORY_REASON_LENGTH = 100


@dataclass
class PaperSource:
    """One paper of /work/shared/seeds, and the moment the demo is in while it transcribes it."""

    reference: str
    on: datetime.date
    label: str
    _tick: datetime.datetime | None = field(default=None, repr=False)

    def now(self) -> datetime.datetime:
        """The next instant of the paper's day; strictly increasing so history keeps the papers' order."""
        if self._tick is None:
            self._tick = datetime.datetime.combine(self.on, datetime.time(9, 0), tzinfo=LONDON)
        self._tick += datetime.timedelta(seconds=1)
        return self._tick

    def reason(self, what: str = "") -> str:
        return f"{what} ({self.label})" if what else self.label

    def save(self, obj, what: str = ""):
        """Save through the model, dated and explained by this paper."""
        obj._history_date = self.now()
        obj._change_reason = self.reason(what)
        obj.save()
        return obj

    def amend(self, obj, what: str = "", **fields):
        for name, value in fields.items():
            setattr(obj, name, value)
        return self.save(obj, what)


@contextmanager
def as_of(source: PaperSource):
    """Date every history row written inside, including those the domain verbs write themselves."""

    def stamp(sender, history_instance, **kwargs):
        history_instance.history_date = source.now()
        reason = history_instance.history_change_reason or source.label
        # simple-history keeps 100 characters; the full reason stays on the row (change_reason, reason).
        if len(reason) > HISTORY_REASON_LENGTH:
            reason = reason[: HISTORY_REASON_LENGTH - 1] + "…"
        history_instance.history_change_reason = reason

    pre_create_historical_record.connect(stamp, weak=False, dispatch_uid="demo-paper-clock")
    try:
        yield source
    finally:
        pre_create_historical_record.disconnect(dispatch_uid="demo-paper-clock")
