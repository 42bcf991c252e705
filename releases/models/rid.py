import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Cast, Left, StrIndex, Substr
from simple_history.models import HistoricalRecords

from secreleases.clock import today
from secreleases.models import DateField, Tracked
from secreleases.rules import RuleError

# How a RID version is written: major.minor, 0.x for drafts (1.1, 4.0, 10.2).
VERSION_PATTERN = r"^[0-9]+\.[0-9]+$"
VERSION_FORMAT = re.compile(VERSION_PATTERN)
VERSION_HELP = "A RID version is written like 1.1."
VERSION_MAX_LENGTH = 10


def check_version(text: str) -> str:
    """The version as written (1.1), or a ValidationError on `version` saying how to write it."""
    version = (text or "").strip()
    if len(version) > VERSION_MAX_LENGTH or not VERSION_FORMAT.match(version):
        raise ValidationError({"version": VERSION_HELP})
    return version


def version_key(version: str) -> tuple[int, int]:
    """1.10 comes after 1.9: versions compare as numbers."""
    major, minor = version.split(".")
    return int(major), int(minor)


# The same order in SQL, for lists.
MAJOR = Cast(Left("version", StrIndex("version", models.Value(".")) - 1), models.IntegerField())
MINOR = Cast(Substr("version", StrIndex("version", models.Value(".")) + 1), models.IntegerField())


class BaselineImmutableError(RuleError):
    """A baselined RID never changes after the fact."""


class RidVersionQuerySet(models.QuerySet):
    def baselines(self):
        return self.filter(baselined=True)

    def in_version_order(self):
        return self.order_by("release", MAJOR, MINOR)


class RidVersion(Tracked):
    """A row of the RID's version control: a draft, or a baseline the Panel made.

    Rows transcribed from a paper carry no snapshot (a paper may say the Panel baselined one without
    saying when: `baselined` without `baselined_on`); baselines made here freeze the whole RID. A
    baseline is never changed, deleted or overwritten (the database refuses too); a new version is
    numbered above every baseline.
    """

    release = models.ForeignKey("releases.Release", on_delete=models.PROTECT, related_name="rid_versions")
    version = models.CharField(max_length=VERSION_MAX_LENGTH, help_text="e.g. 0.1, 1.0, 1.1")
    dated = DateField(null=True, blank=True, help_text="The date the version carries; empty if not stated.")
    changes = models.TextField()
    baselined = models.BooleanField(
        "baselined by the Panel", default=False, help_text="Set by baselining, or where a paper says the Panel did."
    )
    baselined_on = DateField(null=True, blank=True, help_text="When the Panel baselined it; empty if not stated.")
    paper = models.CharField(max_length=60, blank=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey("releases.User", null=True, blank=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()

    objects = RidVersionQuerySet.as_manager()

    class Meta:
        ordering = ["release", MAJOR, MINOR]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "version"],
                name="one_rid_version_number_per_release",
                violation_error_message="This version number already exists for this release.",
            ),
            models.CheckConstraint(
                condition=models.Q(version__regex=VERSION_PATTERN),
                name="rid_version_is_major_dot_minor",
                violation_error_message=VERSION_HELP,
            ),
            models.CheckConstraint(
                condition=models.Q(baselined_on__isnull=True) | models.Q(baselined=True),
                name="rid_baseline_date_only_on_baselines",
                violation_error_message="Only a baselined version has a baseline date.",
            ),
        ]

    def __str__(self):
        return f"{self.release} RID v{self.version}"

    @property
    def is_baseline(self) -> bool:
        return self.baselined

    @property
    def has_pdf(self) -> bool:
        """Only a baseline made here has a snapshot to print; a paper's version has none."""
        return self.baselined and self.snapshot is not None

    def save(self, *args, **kwargs):
        if self.baselined_on is not None:
            self.baselined = True
        if not self._state.adding and self.is_stored_baseline():
            raise BaselineImmutableError("A baselined RID cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_stored_baseline():
            raise BaselineImmutableError("A baselined RID cannot be deleted.")
        return super().delete(*args, **kwargs)

    def is_stored_baseline(self) -> bool:
        return RidVersion.objects.filter(pk=self.pk, baselined=True).exists()

    def rule_problems(self) -> dict[str, str]:
        """Versions only go up past every baseline, and the Panel cannot have baselined one tomorrow."""
        problems = {}
        if self.release_id and VERSION_FORMAT.match(self.version or ""):
            higher_baselines = [
                v
                for v in RidVersion.objects.baselines()
                .filter(release_id=self.release_id)
                .exclude(pk=self.pk)
                .values_list("version", flat=True)
                if version_key(v) >= version_key(self.version)
            ]
            if higher_baselines and (self._state.adding or self.baselined):
                latest = max(higher_baselines, key=version_key)
                problems["version"] = (
                    f"Version {latest} of this RID is baselined: a new version is numbered above it, not "
                    f"{self.version}."
                )
        if self.baselined_on and self.baselined_on > today():
            problems["baselined_on"] = "The Panel cannot have baselined it after today: give the date it did."
        return problems

    def check_rules(self):
        if problems := self.rule_problems():
            raise RuleError(problems)

    def clean(self):
        if self.baselined_on is not None:
            self.baselined = True
        self.check_rules()


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
