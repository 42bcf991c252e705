import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords

from secreleases.clock import today
from secreleases.models import DateField, Tracked, VerbOnlyFields
from secreleases.rules import RuleError

from .choices import (
    DECIDED_PHASES,
    DECIDER_BY_ROUTE,
    PHASES_SET_BY_A_DECISION,
    DecidingBody,
    DecisionOutcome,
    Impact,
    Originator,
    Participant,
    Phase,
    Route,
)
from .references import (
    CANONICAL_REFERENCE_HELP,
    CR_NUMBER_HELP,
    CR_NUMBER_PATTERN,
    REFERENCE_PATTERN,
    is_canonical_reference,
    is_cr_number,
    normal_cr_number,
    spelled_as_sec_mod,
    squash,
)


def impact_field(verbose_name):
    return models.CharField(
        verbose_name, max_length=3, choices=Impact.choices, null=True, blank=True, help_text="Empty: not stated."
    )


class ModificationQuerySet(models.QuerySet):
    def by_reference(self, text: str) -> "Modification":
        """The modification a paper's spelling names: its canonical reference or one of its aliases."""
        key = squash(text)
        if not key:
            raise Modification.DoesNotExist("No reference given.")
        candidates = {key, squash(spelled_as_sec_mod(text) or "")} - {""}
        found = self.filter(Q(reference__in=candidates) | Q(aliases__normalised__in=candidates)).distinct()
        match = found.first()
        if match is None:
            raise Modification.DoesNotExist(f"No modification is known as {text!r}.")
        return match

    def with_listing_data(self):
        return self.prefetch_related("aliases")


# Scope items live in `releases`, which this app may not import: their inclusion values are written here.
TARGETED, APPROVED = "targeted", "approved"


@dataclass
class ItemFate:
    """What a decision does to one of the modification's active scope items."""

    item: object
    fate: str
    note: str = ""
    # Approved after its cut-off (rule 2: it was due to lapse): SECAS sees it before the approval is recorded.
    after_cut_off: bool = False


@dataclass
class DecisionPlan:
    """A decision before it is recorded: the phase it sets and the fate of each active scope item."""

    modification: "Modification"
    body: str
    outcome: str
    on: datetime.date
    phase: str
    event: str
    fates: list[ItemFate] = field(default_factory=list)

    @property
    def phase_label(self) -> str:
        return Phase(self.phase).label

    @property
    def changes_scope(self) -> bool:
        """A rejection or send-back, or an approval after an item's cut-off, is confirmed first."""
        if any(fate.after_cut_off for fate in self.fates):
            return True
        return self.outcome != DecisionOutcome.APPROVE and bool(self.fates)

    def history_reason(self, reason: str) -> str:
        said = f"{self.event} on {self.on:%-d %B %Y}"
        return f"{said}: {reason.strip()}" if (reason or "").strip() else said


class DecisionRefused(RuleError):
    """The route, phase or body does not allow this decision (the API answers 409)."""


def decision_event(modification, body: str, outcome: str, phase: str) -> str:
    who = DecidingBody(body).label
    if phase == Phase.WITH_AUTHORITY:
        vote = "approve" if outcome == DecisionOutcome.APPROVE else "reject"
        return f"The Change Board voted to {vote}; the Authority decides"
    words = {
        DecisionOutcome.APPROVE: "approved",
        DecisionOutcome.REJECT: "rejected",
        DecisionOutcome.SEND_BACK: "sent back to the Panel",
    }
    route = f" ({modification.get_route_display()})" if modification.route else ""
    return f"The {who} {words[outcome]} {modification.reference}{route}"


PROMOTED = "Draft Proposal became a Modification Proposal"
REFERENCE_BY_RENAMING = (
    "A modification's reference changes only by renaming it (or promoting a Draft Proposal), with a reason; "
    "the old reference stays as an alias that finds it."
)


DECISION_BY_RECORDING_IT = (
    "A modification is approved, rejected or sent back by recording the decision (Record a decision on its page, "
    "or POST /api/v1/modifications/{reference}/decisions/), which also settles its scope items."
)


class Modification(VerbOnlyFields, Tracked):
    """A proposal to change the SEC: one record under its canonical reference."""

    verb_only_fields = {"reference": REFERENCE_BY_RENAMING}

    reference = models.CharField(max_length=12, unique=True, help_text=CANONICAL_REFERENCE_HELP)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    url = models.URLField("web page", max_length=400, blank=True)
    phase = models.CharField(max_length=20, choices=Phase.choices, null=True, blank=True)
    route = models.CharField("governance route", max_length=30, choices=Route.choices, null=True, blank=True)
    impacts_dcc_systems = models.BooleanField("impacts DCC Systems", default=False)
    impacts_duis = impact_field("impacts DUIS")
    impacts_gbcs = impact_field("impacts GBCS")
    impacts_ch_firmware = impact_field("impacts CH firmware")
    impact_notes = models.TextField(blank=True, help_text="Footnotes to the impacts, as the papers give them.")
    history = HistoricalRecords()

    objects = ModificationQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reference__regex=REFERENCE_PATTERN),
                name="modification_reference_format",
                violation_error_message=CANONICAL_REFERENCE_HELP,
            )
        ]

    def __str__(self):
        return f"{self.reference} ‘{self.title}’"

    @property
    def is_draft_proposal(self) -> bool:
        return self.reference.startswith("DP")

    def remember_verb_only_fields(self):
        super().remember_verb_only_fields()
        if "phase" in self.__dict__:
            self._stored_phase = self.__dict__["phase"]

    def changes_without_verb(self) -> dict[str, str]:
        """The reference, and a phase only a decision sets (approved, rejected, sent back): an edit that set it
        would leave the scope items as they were, so the form, the admin and the API are sent to the verb."""
        refused = super().changes_without_verb()
        stored = getattr(self, "_stored_phase", self.phase)
        by_verb = "phase" in getattr(self, "_verb_allowed", frozenset())
        if not self._state.adding and not by_verb and self.phase != stored and self.phase in PHASES_SET_BY_A_DECISION:
            refused["phase"] = DECISION_BY_RECORDING_IT
        return refused

    def clean(self):
        self.check_verb_only_fields()
        if self.reference and not is_canonical_reference(self.reference):
            raise ValidationError({"reference": CANONICAL_REFERENCE_HELP})
        if (
            self.reference
            and ModificationAlias.objects.filter(normalised=squash(self.reference))
            .exclude(modification_id=self.pk)
            .exists()
        ):
            raise ValidationError({"reference": "This reference is already an alias of another modification."})

    @transaction.atomic
    def rename(self, new_reference: str, *, reason: str) -> None:
        """Give the record a new canonical reference; the old one stays as an alias that finds it."""
        if not (reason or "").strip():
            raise ValidationError({"reason": "Say why the reference changes (kept in the history)."})
        old_reference = type(self).objects.select_for_update().values_list("reference", flat=True).get(pk=self.pk)
        new_reference = (new_reference or "").strip()
        if new_reference == old_reference:
            return
        with self.by_verb("reference"):
            self.reference = new_reference
            self.full_clean()
            self._change_reason = reason.strip()
            self.save()
        self.aliases.filter(normalised=squash(new_reference)).delete()
        self.add_alias(old_reference)

    def promote_to_proposal(self, *, reason: str = PROMOTED) -> None:
        """DP124 becomes MP124 and keeps its record; DP124 still finds it."""
        if not self.is_draft_proposal:
            raise ValidationError({"reference": f"{self.reference} is not a Draft Proposal."})
        self.rename("MP" + self.reference[2:], reason=reason)

    # -- decisions -------------------------------------------------------------------------------

    def decision_phase(self, body: str, outcome: str) -> str:
        """The phase a decision sets, or a refusal naming who decides under this route."""
        if self.is_draft_proposal:
            raise DecisionRefused(
                {"outcome": f"{self.reference} is a Draft Proposal: promote it to a Modification Proposal first."}
            )
        if not self.route:
            raise DecisionRefused({"body": f"Set the governance route of {self.reference} first: it says who decides."})
        if self.phase in DECIDED_PHASES:
            raise DecisionRefused(
                {"outcome": f"{self.reference} is already {self.get_phase_display().lower()}: it has been decided."}
            )
        decider = DECIDER_BY_ROUTE[self.route]
        recommends = self.route == Route.AUTHORITY_DETERMINATION and body == DecidingBody.CHANGE_BOARD
        if body != decider and not recommends:
            raise DecisionRefused(
                {
                    "body": f"Under {self.get_route_display()} the {DecidingBody(decider).label} decides, "
                    f"not the {DecidingBody(body).label}."
                }
            )
        if outcome == DecisionOutcome.SEND_BACK and body != DecidingBody.AUTHORITY:
            raise DecisionRefused({"outcome": "Only the Authority sends a modification back to the Panel."})
        if recommends:
            return Phase.WITH_AUTHORITY
        return {
            DecisionOutcome.APPROVE: Phase.APPROVED,
            DecisionOutcome.REJECT: Phase.REJECTED,
            DecisionOutcome.SEND_BACK: Phase.SENT_BACK,
        }[outcome]

    def plan_decision(self, *, body: str, outcome: str, on: datetime.date) -> DecisionPlan:
        """What recording this decision would do, refused as the verb would refuse it (for a confirm step)."""
        if body not in DecidingBody.values:
            raise ValidationError({"body": f"Choose one of: {', '.join(DecidingBody.values)}."})
        if outcome not in DecisionOutcome.values:
            raise ValidationError({"outcome": f"Choose one of: {', '.join(DecisionOutcome.values)}."})
        if on is None:
            raise ValidationError({"date": "Give the date of the decision."})
        if on > today():
            raise ValidationError({"date": "A decision is recorded once made: its date cannot be after today."})
        phase = self.decision_phase(body, outcome)
        plan = DecisionPlan(self, body, outcome, on, phase, decision_event(self, body, outcome, phase))
        items = self.scope_items.filter(inclusion__in=(TARGETED, APPROVED)).select_related("release")
        plan.fates = [ItemFate(item, *self.fate_of(item, phase)) for item in items.order_by("pk")]
        for fate in plan.fates:
            cut_off = fate.item.cut_off_date
            if fate.fate == "approved for inclusion" and cut_off and cut_off < on:
                fate.after_cut_off = True
                late = f"decided after its cut-off of {cut_off:%-d %B %Y}"
                fate.note = f"{late}; {fate.note}" if fate.note else late
        return plan

    @staticmethod
    def fate_of(item, phase: str) -> tuple[str, str]:
        """What happens to one active item, and a note the confirm step shows beside it."""
        if phase == Phase.REJECTED:
            return "removed from scope", ""
        if phase == Phase.APPROVED:
            if item.inclusion == APPROVED:
                return "stays approved for inclusion", ""
            # Rule 1: an exception still needs the Panel's approval of the exception to count as approved.
            if item.is_exception and item.exception_approved_on is None:
                return "approved for inclusion", "an exception: it counts once the Panel approves the exception"
            return "approved for inclusion", ""
        stays = "stays targeted" if item.inclusion == TARGETED else "stays approved for inclusion"
        lapse = ""
        if item.cut_off_date:
            lapse = f"it lapses after its cut-off ({item.cut_off_date:%-d %B %Y}) unless approved"
        if phase == Phase.WITH_AUTHORITY:
            return stays, "until the Authority decides" + (f"; {lapse}" if lapse else "")
        return stays, lapse

    @transaction.atomic
    def record_decision(
        self, *, body: str, outcome: str, on: datetime.date, reason: str = "", paper: str = ""
    ) -> DecisionPlan:
        """Record the Change Board's vote, the Authority's or the Panel's decision: the phase it sets, a key date,
        and its scope items approved (as of `on`) or removed, each with the decision in its history."""
        row = type(self).objects.select_for_update().get(pk=self.pk)
        plan = row.plan_decision(body=body, outcome=outcome, on=on)
        why = plan.history_reason(reason)
        row.phase = plan.phase
        row._change_reason = why
        with row.by_verb("phase"):
            row.full_clean()
            row.save()
        key_date = KeyDate(modification=row, date=on, event=plan.event, source=(paper or "").strip()[:60])
        key_date.full_clean()
        key_date._change_reason = why
        key_date.save()
        for fate in plan.fates:
            if fate.fate == "approved for inclusion":
                fate.item.approve(reason=why)
            elif fate.fate == "removed from scope":
                fate.item.remove(reason=why)
        self.refresh_from_db()
        return plan

    # -- dependencies on Change Requests ---------------------------------------------------------

    def depend_on(self, change_request: "ChangeRequest", *, condition: str = "", reason: str = "") -> "CrDependency":
        """Rule 5: this modification cannot progress until the Change Request reaches `condition`."""
        dependency = CrDependency(modification=self, change_request=change_request, condition=condition.strip())
        dependency.full_clean()
        dependency._change_reason = reason.strip() or f"Depends on {change_request.display_number}"
        dependency.save()
        return dependency

    def add_alias(self, spelling: str) -> "ModificationAlias":
        existing = self.aliases.filter(normalised=squash(spelling)).first()
        if existing:
            return existing
        alias = ModificationAlias(modification=self, alias=spelling)
        alias.full_clean()
        alias.save()
        return alias


class ModificationAlias(Tracked):
    """Another spelling of a modification's reference that the papers use (SECMP0093, SEC Mod 62)."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=40)
    normalised = models.CharField(max_length=40, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "modification aliases"

    def __str__(self):
        return self.alias

    def save(self, *args, **kwargs):
        self.normalised = squash(self.alias)
        super().save(*args, **kwargs)

    def clean(self):
        key = squash(self.alias)
        if not key:
            raise ValidationError({"alias": "An alias cannot be empty."})
        clash = Modification.objects.filter(reference=key)
        if self.modification_id:
            clash = clash.exclude(pk=self.modification_id)
        if clash.exists():
            raise ValidationError({"alias": f"{key} is the reference of another modification."})
        other = ModificationAlias.objects.filter(normalised=key).exclude(pk=self.pk).select_related("modification")
        if other.exists():
            raise ValidationError({"alias": f"{self.alias} already finds {other.first().modification.reference}."})


class KeyDate(Tracked):
    """A decision date in a modification's life (a Change Board vote, an Authority decision)."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="key_dates")
    date = DateField()
    event = models.CharField(max_length=300)
    source = models.CharField(max_length=60, blank=True, help_text="The paper that states it.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["modification", "date", "pk"]

    def __str__(self):
        return f"{self.modification.reference}: {self.event} ({self.date})"


class ParticipantImpact(Tracked):
    """How a modification affects a class of participant, in a sentence (the RID's impact tables)."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="participant_impacts")
    participant = models.CharField(max_length=30, choices=Participant.choices)
    area = models.CharField(
        max_length=100, blank=True, help_text="For DCC impacts: the area impacted, e.g. Data Service Provider."
    )
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["modification", "participant", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["modification", "participant", "area"],
                name="one_impact_per_modification_participant_area",
                violation_error_message="This modification already has an impact for this participant and area.",
            )
        ]

    def __str__(self):
        return f"{self.modification.reference} → {self.get_participant_display()}"


class SecDocument(Tracked):
    """A part of the SEC: Section A 'Definitions and Interpretation', Appendix AB, ..."""

    code = models.CharField(max_length=30, unique=True, help_text="e.g. Section A, Appendix AB")
    title = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.code} ‘{self.title}’" if self.title else self.code


class DocumentImpact(Tracked):
    """A SEC document that a modification changes."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="document_impacts")
    document = models.ForeignKey(SecDocument, on_delete=models.PROTECT, related_name="impacts")
    history = HistoricalRecords()

    class Meta:
        ordering = ["modification", "document__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["modification", "document"],
                name="one_impact_per_modification_and_document",
                violation_error_message="This modification already changes this document.",
            )
        ]

    def __str__(self):
        return f"{self.modification.reference} changes {self.document.code}"


class ChangeRequestQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("modification", "release")


class ChangeRequest(Tracked):
    """A DCC Change Request, implemented alongside a release but not part of it."""

    number = models.CharField(
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        help_text=CR_NUMBER_HELP,
    )
    title = models.CharField(max_length=300, blank=True, help_text="Empty where no paper states it.")
    description = models.TextField(blank=True)
    originator = models.CharField(
        max_length=20, choices=Originator.choices, null=True, blank=True, help_text="Empty where no paper states it."
    )
    modification = models.ForeignKey(
        Modification, null=True, blank=True, on_delete=models.PROTECT, related_name="change_requests"
    )
    modification_part = models.CharField(max_length=40, blank=True)
    release = models.ForeignKey(
        "releases.Release",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_requests",
        help_text="The release it is implemented alongside.",
    )
    duis_schema_change = models.BooleanField("DUIS schema change", null=True, blank=True)
    duis_document_change = models.BooleanField("DUIS document change", null=True, blank=True)
    smets_version = models.CharField("SMETS version", max_length=40, blank=True)
    gbcs_version = models.CharField("GBCS version", max_length=40, blank=True)
    proposed_duis_version = models.CharField("proposed DUIS version", max_length=40, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = [models.F("number").asc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__regex=CR_NUMBER_PATTERN),
                name="change_request_number_format",
                violation_error_message=CR_NUMBER_HELP,
            ),
            models.CheckConstraint(
                condition=Q(modification__isnull=True) | Q(originator=Originator.SEC_MODIFICATION),
                name="change_request_for_modification_is_originated_by_it",
                violation_error_message=(
                    "A Change Request that delivers a modification has that modification as originator."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.display_number} ‘{self.title}’" if self.title else self.display_number

    @property
    def display_number(self) -> str:
        return self.number or "CRTBC"

    def clean(self):
        self.number = normal_cr_number(self.number)
        if self.number and not is_cr_number(self.number):
            raise ValidationError({"number": CR_NUMBER_HELP})


class CrDependency(Tracked):
    """A modification that cannot progress until a Change Request reaches a point (rule 5)."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="cr_dependencies")
    change_request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="dependants")
    condition = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'delivered', 'exited Pre-Integration Testing'"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["modification", "change_request"]
        verbose_name_plural = "CR dependencies"
        constraints = [
            models.UniqueConstraint(
                fields=["modification", "change_request"],
                name="one_dependency_per_modification_and_cr",
                violation_error_message="This dependency is already recorded.",
            )
        ]

    def __str__(self):
        return f"{self.modification.reference} depends on {self.change_request.display_number}"

    def drop(self, *, reason: str = "") -> None:
        """The dependency no longer holds; its history keeps why."""
        self._change_reason = reason.strip() or "Dependency removed"
        self.delete()
