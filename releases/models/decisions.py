from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from secreleases.models import Tracked

from ..choices import PANEL_OUTCOMES, RECOMMENDATION_OUTCOMES, DecisionBody, Outcome


class Decision(Tracked):
    """A sub-committee's go/no-go recommendation, or the Panel's decision (rule 6)."""

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="decisions")
    body = models.CharField(max_length=10, choices=DecisionBody.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    date = models.DateField()
    paper = models.CharField(max_length=60, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "date", "pk"]

    def __str__(self):
        return f"{self.get_body_display()}: {self.get_outcome_display()} ({self.date})"

    @property
    def is_panel_decision(self) -> bool:
        return self.body == DecisionBody.PANEL

    def clean(self):
        allowed = PANEL_OUTCOMES if self.is_panel_decision else RECOMMENDATION_OUTCOMES
        if self.outcome and self.outcome not in allowed:
            labels = ", ".join(Outcome(o).label.lower() for o in allowed)
            who = "The Panel decides" if self.is_panel_decision else "A sub-committee recommends"
            raise ValidationError({"outcome": f"{who} one of: {labels}."})
