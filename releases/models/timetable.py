from django.db import models
from simple_history.models import HistoricalRecords

from secreleases.models import Tracked

from ..choices import Body, Brag, MilestoneKind


class MilestoneQuerySet(models.QuerySet):
    def timetable(self):
        return self.filter(kind=MilestoneKind.TIMETABLE)

    def tracker(self):
        return self.filter(kind=MilestoneKind.TRACKER)


class Milestone(Tracked):
    """A row of the RID's implementation timetable or of the DCC's milestone tracker."""

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=20, choices=MilestoneKind.choices, default=MilestoneKind.TIMETABLE)
    position = models.PositiveIntegerField(default=0, help_text="Order within the timetable.")
    event = models.CharField(max_length=300)
    date = models.DateField("planned date", null=True, blank=True, help_text="Empty while not yet planned.")
    forecast_date = models.DateField(null=True, blank=True)
    actual_date = models.DateField(null=True, blank=True)
    brag = models.CharField("BRAG", max_length=10, choices=Brag.choices, null=True, blank=True)
    owner = models.CharField(max_length=20, choices=Body.choices, null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["release", "kind", "position", models.F("date").asc(nulls_last=True), "pk"]

    def __str__(self):
        return f"{self.event} ({self.date or 'date not set'})"

    @property
    def slippage_days(self) -> int | None:
        """Forecast minus planned, in days (positive means late)."""
        if self.date is None or self.forecast_date is None:
            return None
        return (self.forecast_date - self.date).days
