from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from simple_history.models import HistoricalRecords

from secreleases.clock import today
from secreleases.models import DateField, Tracked

from ..choices import Body, Brag, MilestoneKind

# What the DCC reports of a milestone (API.md: forecast dates and BRAG, and when it happened). The rest
# (event, planned date, owner, order, notes) is SECAS's plan; so are creating and deleting milestones.
REPORTED_FIELDS = ("forecast_date", "actual_date", "brag")
PLAN_MILESTONES = "releases.plan_milestone"
PLAN_IS_SECAS = "Adding and removing milestones is SECAS's plan: the DCC reports forecasts, actual dates and BRAG."
REMOVAL_NEEDS_REASON = "Say why the milestone is removed: the reason is kept in the history."


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
    date = DateField("planned date", null=True, blank=True, help_text="Empty while not yet planned.")
    forecast_date = DateField(null=True, blank=True)
    actual_date = DateField(null=True, blank=True, help_text="When it happened; never after today.")
    brag = models.CharField(
        "BRAG",
        max_length=10,
        choices=Brag.choices,
        null=True,
        blank=True,
        help_text="Blue: complete (needs the actual date).",
    )
    owner = models.CharField(max_length=20, choices=Body.choices, null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["release", "kind", "position", models.F("date").asc(nulls_last=True), "pk"]
        permissions = [("plan_milestone", "Can plan milestones: event, planned date, owner, order, notes")]

    def __str__(self):
        return f"{self.event} ({self.date or 'date not set'})"

    @property
    def slippage_days(self) -> int | None:
        """Forecast minus planned, in days (positive means late)."""
        if self.date is None or self.forecast_date is None:
            return None
        return (self.forecast_date - self.date).days

    def clean(self):
        errors = {}
        if self.brag == Brag.BLUE and not self.actual_date:
            errors["actual_date"] = "A milestone is Blue (complete) only with the date it was completed."
        elif self.actual_date and self.actual_date > today():
            errors["actual_date"] = "An actual date is when it happened, so not after today: use the forecast."
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def may_plan(user) -> bool:
        return user is None or user.has_perm(PLAN_MILESTONES)

    def check_writer(self, user, changed: set[str]) -> None:
        """The DCC changes what it reports (forecast, actual date, BRAG), and completes only its own milestones."""
        if self.may_plan(user):
            return
        planned = sorted(changed - set(REPORTED_FIELDS))
        if planned:
            raise PermissionDenied(
                "The DCC reports a milestone's forecast date, actual date and BRAG; its event, planned date, owner, "
                f"order and notes are SECAS's plan (not changed: {', '.join(planned)})."
            )
        completes = {"actual_date", "brag"} & changed and (self.actual_date or self.brag == Brag.BLUE)
        if completes and self.owner not in (None, Body.DCC):
            raise PermissionDenied(
                f"“{self.event}” is the {self.get_owner_display()}'s milestone: only SECAS records it complete."
            )

    @transaction.atomic
    def revise(self, *, by=None, reason: str = "", **fields) -> "Milestone":
        """Change a milestone as `by` may: SECAS anything, the DCC its report (see check_writer)."""
        milestone = Milestone.objects.select_for_update().get(pk=self.pk)
        changed = {name for name, value in fields.items() if getattr(milestone, name) != value}
        for name, value in fields.items():
            setattr(milestone, name, value)
        milestone.check_writer(by, changed)
        milestone.full_clean()
        milestone._change_reason = reason or None
        milestone.save()
        self.refresh_from_db()
        return milestone

    @classmethod
    @transaction.atomic
    def add(cls, *, release, by=None, reason: str = "", **fields) -> "Milestone":
        """A new row of the timetable (or tracker): SECAS's plan, so SECAS's alone."""
        if not cls.may_plan(by):
            raise PermissionDenied(PLAN_IS_SECAS)
        milestone = cls(release=release, **fields)
        milestone.full_clean()
        milestone._change_reason = (reason or "").strip() or "Added to the timetable"
        milestone.save()
        return milestone

    @transaction.atomic
    def remove(self, *, by=None, reason: str) -> None:
        """The row leaves the timetable; its last state and the reason stay in the history."""
        if not self.may_plan(by):
            raise PermissionDenied(PLAN_IS_SECAS)
        if not (reason or "").strip():
            raise ValidationError({"reason": REMOVAL_NEEDS_REASON})
        milestone = Milestone.objects.select_for_update().get(pk=self.pk)
        milestone._change_reason = f"Removed: {reason.strip()}"
        milestone.delete()
