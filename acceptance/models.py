from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from secreleases.models import Tracked

from .choices import REVIEWER_FOR_CATEGORY, Assessment, Category, Rag, ReadinessState, Reviewer, RiskKind, RiskStatus

READINESS_STATES = Q(state__isnull=True) | Q(state__gte=1, state__lte=4)


class StandardCriterion(Tracked):
    """One of the standard acceptance criteria a new release's own set is copied from."""

    category = models.CharField(max_length=20, choices=Category.choices)
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    reviewer = models.CharField(max_length=10, choices=Reviewer.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "number"]
        verbose_name_plural = "standard criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["category", "number"],
                name="one_standard_criterion_per_number",
                violation_error_message="The standard set already has a criterion with this number.",
            )
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.number}"


class CriterionQuerySet(models.QuerySet):
    def rolled_up_by_reviewer(self):
        """Counts per reviewing body and assessment: the Panel dashboard's roll-up."""
        return self.values("reviewer", "status").annotate(count=models.Count("pk")).order_by("reviewer", "status")


class Criterion(Tracked):
    """A release's own acceptance criterion and its assessment."""

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="criteria")
    category = models.CharField(
        max_length=20, choices=Category.choices, null=True, blank=True, help_text="Empty where the paper does not say."
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    reviewer = models.CharField(max_length=10, choices=Reviewer.choices, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Assessment.choices, default=Assessment.NOT_ASSESSED)
    evidence = models.TextField(blank=True)
    assessed_by = models.ForeignKey("releases.User", null=True, blank=True, on_delete=models.SET_NULL)
    assessed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["release", "category", "number"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                models.F("release"),
                Coalesce("category", models.Value("")),
                models.F("number"),
                name="one_criterion_per_release_category_number",
                violation_error_message="This release already has a criterion with this category and number.",
            )
        ]

    def __str__(self):
        category = self.get_category_display() if self.category else "Criterion"
        return f"{category} {self.number}"

    @classmethod
    @transaction.atomic
    def adopt_standard_set(cls, release) -> list["Criterion"]:
        """A new release starts from a copy of the standard set; the Panel may amend the copy."""
        existing = set(release.criteria.values_list("category", "number"))
        created = []
        for standard in StandardCriterion.objects.all():
            if (standard.category, standard.number) in existing:
                continue
            criterion = cls(
                release=release,
                category=standard.category,
                number=standard.number,
                text=standard.text,
                reviewer=standard.reviewer,
            )
            criterion._change_reason = "Copied from the standard acceptance criteria"
            criterion.save()
            created.append(criterion)
        return created

    def assess(self, *, status: str, evidence: str = "", by=None, on=None) -> "Criterion":
        self.status = status
        if evidence:
            self.evidence = evidence
        self.assessed_by = by
        self.assessed_on = on
        self.full_clean()
        self.save()
        return self

    def clean(self):
        if self.reviewer is None and self.category:
            self.reviewer = REVIEWER_FOR_CATEGORY.get(self.category)
        if self.status == Assessment.NOT_ASSESSED and self.assessed_on:
            raise ValidationError({"status": "Choose the assessment made on the date given."})


class Risk(Tracked):
    """A residual risk set out for the go/no-go, or an entry of the risk/issue log."""

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(max_length=10, choices=RiskKind.choices, default=RiskKind.RESIDUAL)
    description = models.TextField()
    mitigations = models.TextField(blank=True, help_text="The proposed approach; one numbered mitigation a paragraph.")
    views = models.TextField(blank=True, help_text="The Sub-Committees' views.")
    likelihood = models.CharField(max_length=40, blank=True, help_text="As the paper writes it, e.g. Possible.")
    impact = models.CharField(max_length=40, blank=True, help_text="As the paper writes it, e.g. Severe.")
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    raised_by = models.CharField(max_length=60, blank=True, help_text="Who set the risk out, e.g. the DCC.")
    source = models.CharField(max_length=60, blank=True, help_text="The paper that records it.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "kind", "pk"]

    def __str__(self):
        return self.description[:80]

    @property
    def mitigation_list(self) -> list[str]:
        return [m.strip() for m in self.mitigations.split("\n\n") if m.strip()]


class ReadinessReportQuerySet(models.QuerySet):
    def latest_for(self, release) -> "ReadinessReport | None":
        """The release's latest readiness report (by its as-at date), with its components."""
        return self.filter(release=release).prefetch_related("components").order_by("-as_at").first()


class ReadinessReport(Tracked):
    """The DCC's component readiness (the Harvey balls) for a release as at a date."""

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="readiness_reports")
    as_at = models.DateField()
    target_date = models.DateField(null=True, blank=True, help_text="The date the target states are for.")
    source = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    objects = ReadinessReportQuerySet.as_manager()

    class Meta:
        ordering = ["release", "-as_at"]
        get_latest_by = "as_at"
        constraints = [
            models.UniqueConstraint(
                fields=["release", "as_at"],
                name="one_readiness_report_per_release_and_date",
                violation_error_message="This release already has a readiness report as at this date.",
            )
        ]

    def __str__(self):
        return f"Readiness of {self.release} as at {self.as_at}"

    @classmethod
    @transaction.atomic
    def record(cls, *, release, components: list[dict], reason: str, **fields) -> "ReadinessReport":
        """A new report as at a date, with its components in the order given."""
        report = cls(release=release, **fields)
        report.full_clean()
        report._change_reason = reason
        report.save()
        report.replace_components(components, reason=reason)
        return report

    @transaction.atomic
    def replace_components(self, components: list[dict], *, reason: str) -> None:
        """The report's rows become exactly `components`; kept rows are updated, so their history reads well."""
        names = [(c.get("name") or "").strip().lower() for c in components]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValidationError({"components": f"Each component appears once; repeated: {', '.join(repeated)}."})
        existing = {c.name: c for c in self.components.all()}
        wanted = {c["name"] for c in components}
        for name, component in existing.items():
            if name not in wanted:
                component._change_reason = reason
                component.delete()
        for position, data in enumerate(components):
            component = existing.get(data["name"]) or ReadinessComponent(report=self, name=data["name"])
            for field, value in data.items():
                setattr(component, field, value)
            component.position = position
            component.full_clean()
            component._change_reason = reason
            component.save()
        # The report's own row moves too, so its history records when its components changed.
        self._change_reason = reason
        self.save()
        if hasattr(self, "_prefetched_objects_cache"):
            self._prefetched_objects_cache.pop("components", None)


class ReadinessComponent(Tracked):
    """A component's current state (1-4) against its target, with a RAG colour and a rationale."""

    report = models.ForeignKey(ReadinessReport, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=120)
    state = models.PositiveSmallIntegerField(choices=ReadinessState.choices, null=True, blank=True)
    target_state = models.PositiveSmallIntegerField(choices=ReadinessState.choices, null=True, blank=True)
    rag = models.CharField("RAG", max_length=10, choices=Rag.choices, null=True, blank=True)
    rationale = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "name"],
                name="one_readiness_row_per_component",
                violation_error_message="This report already has this component.",
            ),
            models.CheckConstraint(
                condition=READINESS_STATES,
                name="readiness_state_on_the_scale",
                violation_error_message="A readiness state is 1 to 4.",
            ),
            models.CheckConstraint(
                condition=Q(target_state__isnull=True) | Q(target_state__gte=1, target_state__lte=4),
                name="readiness_target_on_the_scale",
                violation_error_message="A target state is 1 to 4.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def meets_target(self) -> bool | None:
        if self.state is None or self.target_state is None:
            return None
        return self.state >= self.target_state
