from django.db import models
from simple_history.models import HistoricalRecords

from secreleases.models import Tracked
from secreleases.rules import RuleError


class BaselineImmutableError(RuleError):
    """A baselined RID never changes after the fact."""


class RidVersion(Tracked):
    """A row of the RID's version control: a draft, or a baseline with its frozen snapshot.

    Rows transcribed from a paper carry no snapshot; baselines made here freeze the whole RID.
    A baseline (a row with `baselined_on`) cannot be changed or deleted; the database refuses too.
    """

    release = models.ForeignKey("releases.Release", on_delete=models.PROTECT, related_name="rid_versions")
    version = models.CharField(max_length=10, help_text="e.g. 0.1, 1.0, 1.1")
    dated = models.DateField(null=True, blank=True, help_text="The date the version carries; empty if not stated.")
    changes = models.TextField()
    baselined_on = models.DateField(null=True, blank=True, help_text="When the Panel baselined it.")
    paper = models.CharField(max_length=60, blank=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey("releases.User", null=True, blank=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["release", models.F("dated").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "version"],
                name="one_rid_version_number_per_release",
                violation_error_message="This version number already exists for this release.",
            ),
            models.CheckConstraint(
                condition=models.Q(version__regex=r"^[0-9]+\.[0-9]+$"),
                name="rid_version_is_major_dot_minor",
                violation_error_message="A RID version is written like 1.1.",
            ),
        ]

    def __str__(self):
        return f"{self.release} RID v{self.version}"

    @property
    def is_baseline(self) -> bool:
        return self.baselined_on is not None

    def save(self, *args, **kwargs):
        if not self._state.adding and self.is_stored_baseline():
            raise BaselineImmutableError("A baselined RID cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_stored_baseline():
            raise BaselineImmutableError("A baselined RID cannot be deleted.")
        return super().delete(*args, **kwargs)

    def is_stored_baseline(self) -> bool:
        return RidVersion.objects.filter(pk=self.pk, baselined_on__isnull=False).exists()


class RidPdf(Tracked):
    """The rendered PDF of a baseline (or nothing yet): stored once, never rendered again."""

    class State(models.TextChoices):
        PENDING = "pending", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    rid_version = models.OneToOneField(RidVersion, on_delete=models.PROTECT, related_name="pdf")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    file = models.FileField(upload_to="rids/", blank=True)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    def __str__(self):
        return f"PDF of {self.rid_version} ({self.state})"
