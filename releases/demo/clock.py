"""Write the demo as the papers happened: every history row carries the date of the paper it comes from."""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from simple_history.signals import pre_create_historical_record

from secreleases import clock

LONDON = ZoneInfo("Europe/London")


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
        if "phase" in fields and hasattr(obj, "by_verb"):
            # The paper states the decision as a fact, without always naming who took it or when, so the demo
            # transcribes the phase it gives instead of recording a decision; its items follow the paper too.
            with obj.by_verb("phase"):
                return self.save(obj, what)
        return self.save(obj, what)


@contextmanager
def as_of(source: PaperSource):
    """The paper's day is today (secreleases.clock), and every history row written inside is dated by it,
    including those the domain verbs write themselves."""

    def stamp(sender, history_instance, **kwargs):
        history_instance.history_date = source.now()
        history_instance.history_change_reason = history_instance.history_change_reason or source.label

    pre_create_historical_record.connect(stamp, weak=False, dispatch_uid="demo-paper-clock")
    try:
        with clock.as_of(source.on):
            yield source
    finally:
        pre_create_historical_record.disconnect(dispatch_uid="demo-paper-clock")
