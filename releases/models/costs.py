from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords

from secreleases.models import Tracked

PHASES = ("design_build_pit", "sit", "uit", "implement_to_live")
COST_REMOVAL_NEEDS_REASON = "Say why it is removed: the reason is kept in the history."


class CostRows:
    """Add, revise and remove a release's cost row, each with its reason in the history."""

    added_reason = "Added"

    @classmethod
    @transaction.atomic
    def add(cls, *, release, reason: str = "", **fields):
        row = cls(release=release, **fields)
        row.full_clean()
        row._change_reason = (reason or "").strip() or cls.added_reason
        row.save()
        return row

    @transaction.atomic
    def revise(self, *, reason: str = "", **fields):
        row = type(self).objects.select_for_update().get(pk=self.pk)
        for name, value in fields.items():
            setattr(row, name, value)
        row.full_clean()
        row._change_reason = (reason or "").strip() or "Changed"
        row.save()
        self.refresh_from_db()
        return row

    @transaction.atomic
    def remove(self, *, reason: str) -> None:
        if not (reason or "").strip():
            raise ValidationError({"reason": COST_REMOVAL_NEEDS_REASON})
        row = type(self).objects.select_for_update().get(pk=self.pk)
        row._change_reason = f"Removed: {reason.strip()}"
        row.delete()


def money(verbose_name):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, null=True, blank=True)


class CostBreakdownLine(CostRows, Tracked):
    """The DCC's cost breakdown for one DCC-System-impacting modification in a release."""

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="cost_lines")
    modification = models.ForeignKey("modifications.Modification", on_delete=models.PROTECT, related_name="cost_lines")
    design_build_pit = money("Design, Build & PIT")
    sit = money("SIT")
    uit = money("UIT")
    implement_to_live = money("Implement to live")
    history = HistoricalRecords()

    added_reason = "Cost breakdown line added"

    class Meta:
        ordering = ["release", "modification__reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "modification"],
                name="one_cost_line_per_modification_and_release",
                violation_error_message="This modification already has a cost line in this release.",
            ),
        ] + [
            models.CheckConstraint(
                condition=Q(**{f"{phase}__isnull": True}) | Q(**{f"{phase}__gte": 0}),
                name=f"cost_line_{phase}_not_negative",
                violation_error_message="Costs cannot be negative.",
            )
            for phase in PHASES
        ]

    def __str__(self):
        return f"{self.modification} costs in {self.release}"

    @property
    def total(self) -> Decimal:
        return sum((getattr(self, phase) or Decimal("0") for phase in PHASES), Decimal("0"))


class SecasCost(CostRows, Tracked):
    """SECAS effort for a release: days and pounds, as the RID states them."""

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="secas_costs")
    activity = models.CharField(max_length=200)
    days = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.TextField(blank=True, help_text="The RID's wording, e.g. 'a maximum of 20 days'.")
    history = HistoricalRecords()

    added_reason = "SECAS effort added"

    class Meta:
        ordering = ["release", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(days__isnull=True) | Q(days__gte=0)) & (Q(amount__isnull=True) | Q(amount__gte=0)),
                name="secas_cost_not_negative",
                violation_error_message="SECAS days and costs cannot be negative.",
            )
        ]

    def __str__(self):
        return f"{self.activity} ({self.release})"
