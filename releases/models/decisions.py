import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords

from secreleases.clock import today
from secreleases.models import DateField, RuleChecked, Tracked

from ..choices import PANEL_OUTCOMES, RECOMMENDATION_OUTCOMES, DecisionBody, Outcome, ReleaseStatus

STANDING = Q(withdrawn_on__isnull=True)
RECORDED_TWICE = (
    "This body already has a recommendation or decision on this date for this release: correct or withdraw that "
    "one instead of recording it twice."
)
CORRECTION_NEEDS_REASON = "Say why it is corrected or withdrawn: the reason is kept in the history."
# Rule 6: what the Panel's decision makes of the release.
STATUS_FOR_PANEL_OUTCOME = {
    Outcome.GO: ReleaseStatus.APPROVED,
    Outcome.DEFER: ReleaseStatus.DEFERRED,
    Outcome.NO_GO: ReleaseStatus.AWAITING_DECISION,
}
# A release already live or cancelled keeps its status whatever is corrected about its go/no-go.
SETTLED_STATUSES = (ReleaseStatus.LIVE, ReleaseStatus.CANCELLED)


def require_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": CORRECTION_NEEDS_REASON})
    return reason.strip()


class DecisionQuerySet(models.QuerySet):
    def standing(self):
        """Not withdrawn: what counts on the dashboard."""
        return self.filter(STANDING)

    def headline_for(self, release) -> "Decision | None":
        """The Panel's decision: its latest standing one dated on or before go-live."""
        decisions = self.standing().filter(release=release, body=DecisionBody.PANEL)
        if release.implementation_date:
            decisions = decisions.filter(date__lte=release.implementation_date)
        return decisions.order_by("-date", "-pk").first()


class Decision(RuleChecked, Tracked):
    """A sub-committee's go/no-go recommendation, or the Panel's decision (rule 6).

    Recorded, corrected or withdrawn only through the verbs (`record`, `correct`, `withdraw`), each
    with its reason in the history; the Panel's decision sets the release's status.
    """

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="decisions")
    body = models.CharField(max_length=10, choices=DecisionBody.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    date = DateField()
    paper = models.CharField(max_length=60, blank=True)
    notes = models.TextField(blank=True)
    withdrawn_on = DateField(null=True, blank=True, help_text="Set when SECAS withdraws it; it then no longer counts.")
    withdrawal_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["release", "date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "body", "date"],
                condition=STANDING,
                name="one_standing_decision_per_body_and_date",
                violation_error_message=RECORDED_TWICE,
            ),
        ]

    def __str__(self):
        return f"{self.get_body_display()}: {self.get_outcome_display()} ({self.date})"

    @property
    def is_panel_decision(self) -> bool:
        return self.body == DecisionBody.PANEL

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    @property
    def is_refusal(self) -> bool:
        return self.is_panel_decision and self.outcome == Outcome.NO_GO

    def rule_problems(self) -> dict[str, str]:
        """Dated within the release's life (on or before go-live), and recorded once per body and date."""
        go_live = self.release.implementation_date if self.release_id else None
        if self.date and go_live and self.date > go_live:
            return {"date": f"A go/no-go is dated on or before the release's go-live ({go_live:%-d %B %Y})."}
        if self.release_id and self.date and self.body and not self.is_withdrawn:
            twin = Decision.objects.standing().filter(release_id=self.release_id, body=self.body, date=self.date)
            if twin.exclude(pk=self.pk).exists():
                return {"date": RECORDED_TWICE}
        return {}

    def clean(self):
        allowed = PANEL_OUTCOMES if self.is_panel_decision else RECOMMENDATION_OUTCOMES
        if self.outcome and self.outcome not in allowed:
            labels = ", ".join(Outcome(o).label.lower() for o in allowed)
            who = "The Panel decides" if self.is_panel_decision else "A sub-committee recommends"
            raise ValidationError({"outcome": f"{who} one of: {labels}."})
        self.check_rules()

    # -- verbs ---------------------------------------------------------------------------------

    @classmethod
    @transaction.atomic
    def record(cls, *, release, reason: str = "", **fields) -> "Decision":
        decision = cls(release=release, **fields)
        decision.check_rules()
        decision.full_clean()
        decision._change_reason = reason or "Recorded"
        decision.save()
        decision.settle_release_status()
        return decision

    @transaction.atomic
    def correct(self, *, reason: str, **fields) -> "Decision":
        """Change what was recorded (a wrong date, outcome or paper), saying why."""
        reason = require_reason(reason)
        decision = Decision.objects.select_for_update().select_related("release").get(pk=self.pk)
        if decision.is_withdrawn:
            raise ValidationError("A withdrawn decision stays withdrawn; record a new one instead.")
        for name, value in fields.items():
            setattr(decision, name, value)
        decision.check_rules()
        decision.full_clean()
        decision._change_reason = f"Corrected: {reason}"
        decision.save()
        decision.settle_release_status()
        self.refresh_from_db()
        return decision

    @transaction.atomic
    def withdraw(self, *, reason: str, on: datetime.date | None = None) -> "Decision":
        """It no longer counts (the dashboard, the release's status) but stays, with the reason, in the history."""
        reason = require_reason(reason)
        decision = Decision.objects.select_for_update().select_related("release").get(pk=self.pk)
        if decision.is_withdrawn:
            return decision
        decision.withdrawn_on = on or today()
        decision.withdrawal_reason = reason
        decision._change_reason = f"Withdrawn: {reason}"
        decision.save()
        decision.settle_release_status()
        self.refresh_from_db()
        return decision

    def settle_release_status(self) -> None:
        """Rule 6: the Panel's headline decision sets the status (go: approved, defer: deferred, no-go: awaiting)."""
        if not self.is_panel_decision:
            return
        release = type(self.release).objects.select_for_update().get(pk=self.release_id)
        if release.status in SETTLED_STATUSES:
            return
        headline = Decision.objects.headline_for(release)
        if headline is not None:
            status = STATUS_FOR_PANEL_OUTCOME[headline.outcome]
            why = f"The Panel decided {headline.get_outcome_display().lower()} on {headline.date:%-d %B %Y}"
        elif release.status in (ReleaseStatus.APPROVED, ReleaseStatus.DEFERRED):
            status, why = ReleaseStatus.AWAITING_DECISION, "The Panel's decision was withdrawn"
        else:
            return
        if release.status != status:
            release.status = status
            release._change_reason = why
            release.save()
