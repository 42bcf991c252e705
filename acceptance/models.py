import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from secreleases.clock import today
from secreleases.models import DateField, RuleChecked, Tracked

from .choices import REVIEWER_FOR_CATEGORY, Assessment, Category, Rag, ReadinessState, Reviewer, RiskKind, RiskStatus

READINESS_STATES = Q(state__isnull=True) | Q(state__gte=1, state__lte=4)
STANDING = Q(withdrawn_on__isnull=True)
# The DCC's slides show eight components; a report of more than this is a mistake, not a report.
MAX_COMPONENTS = 40
ASSESSED_WITH_EVIDENCE = (Assessment.MET, Assessment.NOT_MET)
EVIDENCE_NEEDED = "Say what shows it: a criterion is met or not met only with its evidence."
CORRECTION_NEEDS_REASON = "Say why it is corrected or withdrawn: the reason is kept in the history."


RISK_CLOSE_NEEDS_REASON = "Say why the risk is closed: the reason is kept with it and in the history."
RISK_CLOSED_BY_VERB = "A risk is closed with the reason it is closed: use Close, not the status."
RISK_ALREADY_CLOSED = "This risk is already closed."
CRITERIA_CHANGE_NEEDS_REASON = "Say why the criterion changes: the reason is kept with the amendment."
PANEL_APPROVAL_NEEDED = (
    "The Panel has baselined this release's RID, criteria included: they change only with the Panel's "
    "approval. Give the date it approved the change and the paper."
)
APPROVAL_NOT_AFTER_TODAY = "The Panel cannot have approved it after today: give the date it did."


def require_reason(reason: str, message: str = CORRECTION_NEEDS_REASON) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": message})
    return reason.strip()


def release_is_baselined(release) -> bool:
    return release.rid_versions.filter(baselined=True).exists()


def check_panel_approval(release, approved_on, paper: str) -> None:
    """Section 6 of a baselined RID changes only by the Panel: its approval (date and paper) is required.

    Before the first baseline the criteria are SECAS's draft copy, which the Panel approves when it
    baselines the RID: an approval may be given then, and is kept, but is not required.
    """
    errors = {}
    if release_is_baselined(release):
        if approved_on is None:
            errors["approved_on"] = PANEL_APPROVAL_NEEDED
        if not (paper or "").strip():
            errors["paper"] = PANEL_APPROVAL_NEEDED
    if approved_on is not None and approved_on > today():
        errors["approved_on"] = APPROVAL_NOT_AFTER_TODAY
    if errors:
        raise ValidationError(errors)


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
    assessed_on = DateField(null=True, blank=True)
    history = HistoricalRecords()

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

    @classmethod
    @transaction.atomic
    def add(cls, *, release, approved_on=None, paper: str = "", reason: str = "", by=None, **fields) -> "Criterion":
        """A criterion added to the release's own set, with the Panel approval that allowed it."""
        type(release).objects.select_for_update().get(pk=release.pk)
        criterion = cls(release=release, **fields)
        criterion.full_clean()
        check_panel_approval(release, approved_on, paper)
        why = (reason or "").strip() or "Added to the release's criteria"
        criterion._change_reason = why
        criterion.save()
        CriterionChange.keep(criterion, "add", "", criterion.text, approved_on, paper, why, by)
        return criterion

    @transaction.atomic
    def amend(self, *, text: str, approved_on=None, paper: str = "", reason: str, by=None, **fields) -> "Criterion":
        """The Panel amends the release's copy: the old and new wording are kept with its approval."""
        why = require_reason(reason, CRITERIA_CHANGE_NEEDS_REASON)
        criterion = Criterion.objects.select_for_update().select_related("release").get(pk=self.pk)
        previous = criterion.text
        criterion.text = text
        for name, value in fields.items():
            setattr(criterion, name, value)
        # The wording's own checks; its assessment (a paper's "met" without evidence) is not this verb's to judge.
        criterion.clean_fields()
        criterion.validate_constraints()
        check_panel_approval(criterion.release, approved_on, paper)
        criterion._change_reason = f"Amended: {why}"
        criterion.save()
        CriterionChange.keep(criterion, "amend", previous, criterion.text, approved_on, paper, why, by)
        self.refresh_from_db()
        return criterion

    @transaction.atomic
    def remove(self, *, reason: str, approved_on=None, paper: str = "", by=None) -> None:
        """The criterion leaves the release's set; its wording, the reason and the approval stay on record."""
        why = require_reason(reason, CRITERIA_CHANGE_NEEDS_REASON)
        criterion = Criterion.objects.select_for_update().select_related("release").get(pk=self.pk)
        check_panel_approval(criterion.release, approved_on, paper)
        CriterionChange.keep(criterion, "remove", criterion.text, "", approved_on, paper, why, by)
        criterion._change_reason = f"Removed: {why}"
        criterion.delete()

    def assess(self, *, status: str, evidence: str = "", by=None, on=None) -> "Criterion":
        """Record an assessment (met and not met with their evidence), by whom and when."""
        self.status = status
        if evidence:
            self.evidence = evidence
        assessed = status != Assessment.NOT_ASSESSED
        self.assessed_by = by if assessed else None
        self.assessed_on = (on or today()) if assessed else None
        self.full_clean()
        self._change_reason = f"Assessed {self.get_status_display().lower()}"
        self.save()
        return self

    def clean(self):
        if self.reviewer is None and self.category:
            self.reviewer = REVIEWER_FOR_CATEGORY.get(self.category)
        if self.status == Assessment.NOT_ASSESSED and self.assessed_on:
            raise ValidationError({"status": "Choose the assessment made on the date given."})
        if self.status in ASSESSED_WITH_EVIDENCE and not (self.evidence or "").strip():
            raise ValidationError({"evidence": EVIDENCE_NEEDED})


class CriterionChange(Tracked):
    """An addition, amendment or removal of a release's criterion, with the Panel approval that allowed it.

    Kept apart from the criterion so that a removed criterion's wording and why it went stay on the page.
    """

    ACTIONS = [("add", "Added"), ("amend", "Amended"), ("remove", "Removed")]

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="criterion_changes")
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes")
    label = models.CharField(max_length=60, help_text="The criterion as it was named, e.g. Operational 3.")
    action = models.CharField(max_length=10, choices=ACTIONS)
    previous_text = models.TextField(blank=True)
    new_text = models.TextField(blank=True)
    approved_on = DateField("Panel approved on", null=True, blank=True)
    paper = models.CharField("Panel paper", max_length=60, blank=True)
    reason = models.TextField()
    recorded_by = models.ForeignKey("releases.User", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["release", "created_at", "pk"]

    def __str__(self):
        return f"{self.label} {self.get_action_display().lower()}"

    @classmethod
    def keep(cls, criterion, action, previous, new, approved_on, paper, reason, by) -> "CriterionChange":
        return cls.objects.create(
            release_id=criterion.release_id,
            criterion=criterion if action != "remove" else None,
            label=str(criterion),
            action=action,
            previous_text=previous,
            new_text=new,
            approved_on=approved_on,
            paper=(paper or "").strip(),
            reason=reason,
            recorded_by=by if getattr(by, "pk", None) else None,
        )


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
    closed_on = DateField(null=True, blank=True)
    closure_reason = models.TextField(blank=True, help_text="Why it was closed.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "kind", "pk"]

    def __str__(self):
        return self.description[:80]

    @property
    def is_closed(self) -> bool:
        return self.status == RiskStatus.CLOSED

    @classmethod
    @transaction.atomic
    def add(cls, *, release, reason: str = "", **fields) -> "Risk":
        """A residual risk or a log entry, open (or accepted); it is closed later, with its reason."""
        risk = cls(release=release, **fields)
        if risk.is_closed:
            raise ValidationError({"status": RISK_CLOSED_BY_VERB})
        risk.full_clean()
        risk._change_reason = (reason or "").strip() or "Risk recorded"
        risk.save()
        return risk

    @transaction.atomic
    def revise(self, *, reason: str = "", **fields) -> "Risk":
        """Change what the risk says (description, mitigations, views, likelihood, impact, open or accepted).

        Reopening a closed risk keeps its closure in the history and clears it here.
        """
        risk = Risk.objects.select_for_update().get(pk=self.pk)
        if fields.get("status") == RiskStatus.CLOSED and not risk.is_closed:
            raise ValidationError({"status": RISK_CLOSED_BY_VERB})
        for name, value in fields.items():
            setattr(risk, name, value)
        if not risk.is_closed:
            risk.closed_on, risk.closure_reason = None, ""
        risk.full_clean()
        risk._change_reason = (reason or "").strip() or "Risk updated"
        risk.save()
        self.refresh_from_db()
        return risk

    @transaction.atomic
    def close(self, *, reason: str, on: datetime.date | None = None) -> "Risk":
        """The risk no longer stands: closed on a day, with the reason, both kept."""
        why = require_reason(reason, RISK_CLOSE_NEEDS_REASON)
        risk = Risk.objects.select_for_update().get(pk=self.pk)
        if risk.is_closed:
            raise ValidationError(RISK_ALREADY_CLOSED)
        risk.status = RiskStatus.CLOSED
        risk.closed_on = on or today()
        risk.closure_reason = why
        risk.full_clean()
        risk._change_reason = f"Closed: {why}"
        risk.save()
        self.refresh_from_db()
        return risk

    @property
    def mitigation_list(self) -> list[str]:
        return [m.strip() for m in self.mitigations.split("\n\n") if m.strip()]


class ReadinessReportQuerySet(models.QuerySet):
    def standing(self):
        """Not withdrawn: what counts on the release page and the dashboard."""
        return self.filter(STANDING)

    def latest_for(self, release) -> "ReadinessReport | None":
        """The release's latest standing readiness report (by its as-at date), with its components."""
        return self.standing().filter(release=release).prefetch_related("components").order_by("-as_at").first()


class ReadinessReport(RuleChecked, Tracked):
    """The DCC's component readiness (the Harvey balls) for a release as at a date.

    The DCC records it (`record`); SECAS corrects or withdraws it with a reason (`correct`, `withdraw`).
    """

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="readiness_reports")
    as_at = DateField()
    target_date = DateField(null=True, blank=True, help_text="The date the target states are for.")
    source = models.CharField(max_length=100, blank=True)
    withdrawn_on = DateField(null=True, blank=True, help_text="Set when SECAS withdraws it; it then no longer counts.")
    withdrawal_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = ReadinessReportQuerySet.as_manager()

    class Meta:
        ordering = ["release", "-as_at"]
        get_latest_by = "as_at"
        constraints = [
            models.UniqueConstraint(
                fields=["release", "as_at"],
                condition=STANDING,
                name="one_standing_readiness_report_per_release_and_date",
                violation_error_message="This release already has a readiness report as at this date.",
            )
        ]

    def __str__(self):
        return f"Readiness of {self.release} as at {self.as_at}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def rule_problems(self) -> dict[str, str]:
        """Readiness is for go-live: a report is as at a day on or before it, and one per day."""
        go_live = self.release.implementation_date if self.release_id else None
        if self.as_at and go_live and self.as_at > go_live:
            return {"as_at": f"A readiness report is as at a day on or before go-live ({go_live:%-d %B %Y})."}
        if self.release_id and self.as_at and not self.is_withdrawn:
            twin = ReadinessReport.objects.standing().filter(release_id=self.release_id, as_at=self.as_at)
            if twin.exclude(pk=self.pk).exists():
                return {
                    "as_at": "This release already has a readiness report as at this date: correct or withdraw "
                    "that one instead."
                }
        return {}

    def clean(self):
        self.check_rules()

    @classmethod
    @transaction.atomic
    def record(cls, *, release, components: list[dict], reason: str, **fields) -> "ReadinessReport":
        """A new report as at a date, with its components in the order given."""
        report = cls(release=release, **fields)
        report.check_rules()
        report.full_clean()
        report._change_reason = reason
        report.save()
        report.replace_components(components, reason=reason)
        return report

    @transaction.atomic
    def correct(self, *, reason: str, components: list[dict] | None = None, **fields) -> "ReadinessReport":
        """SECAS corrects what was reported (a date, a state), saying why."""
        reason = f"Corrected: {require_reason(reason)}"
        report = ReadinessReport.objects.select_for_update().select_related("release").get(pk=self.pk)
        if report.is_withdrawn:
            raise ValidationError("A withdrawn report stays withdrawn; record a new one instead.")
        for name, value in fields.items():
            setattr(report, name, value)
        report.check_rules()
        report.full_clean()
        report._change_reason = reason
        report.save()
        if components is not None:
            report.replace_components(components, reason=reason)
        self.refresh_from_db()
        return report

    @transaction.atomic
    def withdraw(self, *, reason: str, on: datetime.date | None = None) -> "ReadinessReport":
        """It no longer counts (the latest report is the one before) but stays, with the reason, in the history."""
        reason = require_reason(reason)
        report = ReadinessReport.objects.select_for_update().get(pk=self.pk)
        if not report.is_withdrawn:
            report.withdrawn_on = on or today()
            report.withdrawal_reason = reason
            report._change_reason = f"Withdrawn: {reason}"
            report.save()
        self.refresh_from_db()
        return report

    @transaction.atomic
    def replace_components(self, components: list[dict], *, reason: str) -> None:
        """The report's rows become exactly `components`; kept rows are updated, so their history reads well."""
        if len(components) > MAX_COMPONENTS:
            raise ValidationError({"components": f"A report has at most {MAX_COMPONENTS} components."})
        names = [(c.get("name") or "").strip() for c in components]
        if not all(names):
            raise ValidationError({"components": "Each component has a name."})
        keys = [name.lower() for name in names]
        repeated = sorted({n for n in keys if keys.count(n) > 1})
        if repeated:
            raise ValidationError({"components": f"Each component appears once; repeated: {', '.join(repeated)}."})
        existing = {c.name: c for c in self.components.all()}
        for name, component in existing.items():
            if name not in names:
                component._change_reason = reason
                component.delete()
        for position, (name, data) in enumerate(zip(names, components, strict=True)):
            component = existing.get(name) or ReadinessComponent(report=self, name=name)
            for field, value in data.items():
                if field != "name":
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
