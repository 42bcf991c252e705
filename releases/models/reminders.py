from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from secreleases.models import DateField, Tracked

DEFAULT_LEAD_DAYS = (28, 14, 7, 1)


class ReminderLeadTime(Tracked):
    """How many days before a cut-off the followers are reminded; SECAS edits these."""

    days = models.PositiveSmallIntegerField(unique=True, validators=[MinValueValidator(1), MaxValueValidator(365)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["-days"]

    def __str__(self):
        return f"{self.days} days before the cut-off"


class CutOffReminder(models.Model):
    """A reminder that was sent: its unique row is what stops a second send."""

    scope_item = models.ForeignKey("releases.ScopeItem", on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey("releases.User", on_delete=models.CASCADE, related_name="cut_off_reminders")
    lead_days = models.PositiveSmallIntegerField()
    cut_off_date = DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope_item", "recipient", "lead_days", "cut_off_date"],
                name="one_reminder_per_item_recipient_lead_time",
            )
        ]

    def __str__(self):
        return f"{self.lead_days}-day reminder for {self.scope_item} to {self.recipient}"
