import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords

from secreleases.clock import today
from secreleases.models import DateField, Tracked, VerbOnlyFields
from secreleases.rules import RuleError

from ..choices import ACTIVE_INCLUSIONS, Inclusion

ACTIVE = Q(inclusion__in=ACTIVE_INCLUSIONS)
INCLUSION_BY_VERBS = (
    "An item's inclusion changes only by approving, moving, lapsing or removing it, so its history says why."
)
NEW_ITEM_IS_ACTIVE = (
    "A new item is approved or targeted; deferred, lapsed and removed items come only from moving, lapsing or "
    "removing one."
)


EXCEPTION_APPROVAL_ONLY_ON_EXCEPTIONS = "Only an item added after the scope lock needs a Panel exception approval."
EXCEPTION_APPROVAL_NEEDS_DATE_AND_PAPER = "Give the date the Panel approved the exception and its paper."


class ScopeRuleError(RuleError):
    """A domain rule forbids this scope change (the API answers 409)."""


class ScopeItemQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ACTIVE)

    def targeted(self):
        return self.filter(inclusion=Inclusion.TARGETED)

    def for_api(self):
        """What the API's scope item shows, and nothing more: its row, the slugs and the modification's words."""
        own = [field.name for field in ScopeItem._meta.concrete_fields]
        shown = ["release__slug", "modification__reference", "modification__title", "fall_back_release__slug"]
        return self.select_related("release", "modification", "fall_back_release").only(*own, *shown)

    def for_listing(self):
        return self.select_related("release", "modification", "fall_back_release", "replaces__release")

    def pending(self, on: datetime.date):
        """Targeted items whose modification is not approved yet, in releases still ahead of go-live on `on`."""
        from modifications.choices import APPROVED_PHASES

        from .release import Release

        return (
            self.targeted()
            .exclude(modification__phase__in=APPROVED_PHASES)
            .filter(release__in=Release.objects.ahead_of_go_live(on))
        )

    def overdue(self, on: datetime.date):
        """Rule 2: pending items past their cut-off on `on`, due to lapse."""
        return self.pending(on).filter(cut_off_date__lt=on)


class ScopeItem(VerbOnlyFields, Tracked):
    """A modification, or a part of one, in a release's scope.

    Moves and lapses never rewrite an item: the old one stays where it was (deferred or lapsed)
    and a new targeted item is made in the other release, pointing back at it. Its inclusion
    changes only through the verbs (add, approve, move_to, lapse, remove).
    """

    verb_only_fields = {"inclusion": INCLUSION_BY_VERBS}

    release = models.ForeignKey("releases.Release", on_delete=models.PROTECT, related_name="scope_items")
    modification = models.ForeignKey("modifications.Modification", on_delete=models.PROTECT, related_name="scope_items")
    part = models.CharField(
        max_length=40, blank=True, help_text="Empty for the whole modification, else e.g. 'Part 2'."
    )
    inclusion = models.CharField(max_length=20, choices=Inclusion.choices, default=Inclusion.TARGETED)
    cut_off_date = DateField(
        "cut-off", null=True, blank=True, help_text="The modification must be approved by this date to stay in."
    )
    fall_back_release = models.ForeignKey(
        "releases.Release",
        verbose_name="fall-back release",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fall_back_items",
        help_text="Where the item goes if it lapses; empty means the next viable release.",
    )
    description = models.TextField(
        blank=True,
        help_text="What the RID says of this item beyond the modification's summary, e.g. what this part delivers "
        "in this release. It runs on after the summary; '  - ' lines are sub-bullets.",
    )
    status_note = models.TextField("current status", blank=True)
    added_on = DateField(default=today)
    is_exception = models.BooleanField(
        default=False, editable=False, help_text="Added after the scope lock that applies to it."
    )
    exception_approved_on = DateField(null=True, blank=True)
    exception_paper = models.CharField(max_length=60, blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text="The item this one was moved or lapsed from.",
    )
    change_reason = models.TextField(blank=True, help_text="Why the item was moved, lapsed or removed.")
    history = HistoricalRecords()

    objects = ScopeItemQuerySet.as_manager()

    class Meta:
        ordering = ["release", "modification__reference", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["modification", "part"],
                condition=ACTIVE,
                name="one_active_item_per_modification_part",
                violation_error_message=(
                    "This modification (part) is already approved or targeted in another release. "
                    "Move that item instead of adding a second one."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(fall_back_release=models.F("release")),
                name="fall_back_is_another_release",
                violation_error_message="The fall-back release must be a different release.",
            ),
            models.CheckConstraint(
                condition=Q(exception_approved_on__isnull=True) | Q(is_exception=True),
                name="exception_approval_only_on_exceptions",
                violation_error_message="Only an item added after the scope lock needs a Panel exception approval.",
            ),
        ]

    def __str__(self):
        part = f" {self.part}" if self.part else ""
        return f"{self.modification.reference}{part} in {self.release}"

    # -- state ---------------------------------------------------------------------------------

    @property
    def is_active(self) -> bool:
        return self.inclusion in ACTIVE_INCLUSIONS

    @property
    def counts_as_approved(self) -> bool:
        """Rule 1: an exception counts as approved only once the Panel's approval is recorded."""
        if self.inclusion != Inclusion.APPROVED:
            return False
        return not self.is_exception or self.exception_approved_on is not None

    @property
    def label(self) -> str:
        return f"{self.modification.reference} {self.part}".strip()

    # -- validation ----------------------------------------------------------------------------

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.is_exception = self.release.is_exception(self.modification, self.added_on)
        super().save(*args, **kwargs)

    def rule_problems(self) -> dict[str, str]:
        """The domain's refusals of this row as it would be saved, by field (a rule: the API answers 409)."""
        problems = super().rule_problems()
        if self._state.adding and self.inclusion not in ACTIVE_INCLUSIONS:
            problems["inclusion"] = NEW_ITEM_IS_ACTIVE
        if self._state.adding and self.release_id and (problem := self.not_ahead_of_go_live(self.release)):
            problems[NON_FIELD_ERRORS] = problem
        # A fall-back chosen now must be able to take the item; one chosen earlier stays as history.
        new_fall_back = self.fall_back_release_id not in (None, self.release_id) and self.fall_back_is_new()
        if new_fall_back and (problem := self.not_ahead_of_go_live(self.fall_back_release)):
            problems["fall_back_release"] = problem
        return problems

    def check_rules(self):
        if problems := self.rule_problems():
            raise ScopeRuleError(problems)
        if self.release_id and self.modification_id and self.is_active:
            self.check_whole_and_parts()

    def fall_back_is_new(self) -> bool:
        if self._state.adding:
            return True
        stored = ScopeItem.objects.filter(pk=self.pk).values_list("fall_back_release_id", flat=True).first()
        return stored != self.fall_back_release_id

    def clean(self):
        self.check_rules()
        errors = {}
        if self.release_id and self.fall_back_release_id:
            errors.update(self.fall_back_errors())
        go_live = self.release.implementation_date if self.release_id else None
        if self.cut_off_date and go_live and self.cut_off_date >= go_live:
            errors["cut_off_date"] = "The decision cut-off must fall before the release's go-live date."
        if self.exception_approved_on and not self.will_be_exception():
            errors["exception_approved_on"] = EXCEPTION_APPROVAL_ONLY_ON_EXCEPTIONS
        if errors:
            raise ValidationError(errors)

    def will_be_exception(self) -> bool:
        if not self._state.adding:
            return self.is_exception
        return bool(self.release_id and self.modification_id) and self.release.is_exception(
            self.modification, self.added_on
        )

    def fall_back_errors(self) -> dict:
        if self.fall_back_release_id == self.release_id:
            return {"fall_back_release": "The fall-back release must be a different release."}
        go_live, fall_back_go_live = self.release.implementation_date, self.fall_back_release.implementation_date
        if go_live and fall_back_go_live and fall_back_go_live <= go_live:
            return {"fall_back_release": "The fall-back release must go live after this release."}
        return {}

    def not_ahead_of_go_live(self, release) -> str | None:
        """Why `release` cannot take an item on the verb's day (today unless a job or the demo says), or None."""
        on = getattr(self, "_placed_on", None) or today()
        if release.is_ahead_of_go_live(on):
            return None
        if release.is_closed:
            state = release.get_status_display().lower()
            return f"The {release} is {state}: items go only into a release still ahead of its go-live."
        return (
            f"The {release} went live on {release.implementation_date:%-d %B %Y}: items go only into a release "
            "still ahead of its go-live."
        )

    def check_whole_and_parts(self):
        """One active item per modification part, and no part beside an active whole item."""
        others = ScopeItem.objects.active().filter(modification_id=self.modification_id).exclude(pk=self.pk)
        clash = others.filter(part=self.part).select_related("release").first()
        if clash is None and self.part:
            clash = others.filter(part="").select_related("release").first()
        if clash is None and not self.part:
            clash = others.select_related("release").first()
        if clash is not None:
            raise ScopeRuleError(
                f"{clash.label} is already {clash.get_inclusion_display().lower()} in {clash.release}; "
                f"{self.modification.reference} {self.part or '(whole)'} cannot be active twice. "
                "Move or remove that item first."
            )

    # -- verbs ---------------------------------------------------------------------------------

    @classmethod
    @transaction.atomic
    def add(cls, *, release, modification, on: datetime.date | None = None, **fields) -> "ScopeItem":
        """Put a modification (part) into a release's scope, with the rules checked under a lock."""
        type(modification).objects.select_for_update().get(pk=modification.pk)
        item = cls(release=release, modification=modification, **fields)
        item._placed_on = on
        item.check_rules()
        item.full_clean()
        item._change_reason = fields.get("change_reason") or "Added to scope"
        item.save()
        return item

    @transaction.atomic
    def update(self, *, reason: str = "", **fields) -> "ScopeItem":
        """Change an item's cut-off, fall-back, status line...; its inclusion changes only by the other verbs."""
        type(self.modification).objects.select_for_update().get(pk=self.modification_id)
        approval = {name: fields.pop(name) for name in ("exception_approved_on", "exception_paper") if name in fields}
        approved_on = approval.get("exception_approved_on", self.exception_approved_on)
        paper = approval.get("exception_paper", self.exception_paper)
        if (approved_on, paper) != (self.exception_approved_on, self.exception_paper):
            # The Panel's approval of an exception is recorded by its own verb, whichever door it comes by.
            self.record_exception_approval(approved_on=approved_on, paper=paper or "", reason=reason)
        for name, value in fields.items():
            setattr(self, name, value)
        self.check_rules()
        self.full_clean()
        self._change_reason = reason or None
        self.save()
        return self

    @transaction.atomic
    def record_exception_approval(self, *, approved_on, paper: str, reason: str = "") -> "ScopeItem":
        """Rule 1: the Panel's approval (date and paper) of an item added after the scope lock."""
        item = ScopeItem.objects.select_for_update().select_related("release", "modification").get(pk=self.pk)
        errors = {}
        if not item.is_exception:
            errors["exception_approved_on"] = EXCEPTION_APPROVAL_ONLY_ON_EXCEPTIONS
        else:
            if approved_on is None:
                errors["exception_approved_on"] = EXCEPTION_APPROVAL_NEEDS_DATE_AND_PAPER
            elif approved_on > today():
                errors["exception_approved_on"] = "The Panel cannot have approved it after today: give the date it did."
            if not (paper or "").strip():
                errors["exception_paper"] = EXCEPTION_APPROVAL_NEEDS_DATE_AND_PAPER
        if errors:
            raise ValidationError(errors)
        item.exception_approved_on, item.exception_paper = approved_on, paper.strip()
        item.full_clean()
        why = f"Exception approved by the Panel on {approved_on:%-d %B %Y} ({item.exception_paper})"
        item._change_reason = f"{why}: {reason.strip()}" if (reason or "").strip() else why
        item.save()
        self.refresh_from_db()
        return item

    @transaction.atomic
    def approve(self, *, reason: str = "") -> "ScopeItem":
        """A targeted item becomes approved for inclusion (an exception counts once the Panel approves it too)."""
        item = ScopeItem.objects.select_for_update().select_related("release", "modification").get(pk=self.pk)
        if item.inclusion != Inclusion.TARGETED:
            raise ScopeRuleError(
                f"Only a targeted item can be approved; {item.label} is {item.get_inclusion_display().lower()}."
            )
        why = f"Approved for inclusion: {reason}" if reason else "Approved for inclusion"
        item.close(Inclusion.APPROVED, reason=why, keep_reason=True)
        self.refresh_from_db()
        return item

    @transaction.atomic
    def move_to(self, release, *, reason: str, on: datetime.date | None = None) -> "ScopeItem":
        """Defer this item here and target the same modification (part) in `release`."""
        on = on or today()
        item = ScopeItem.objects.select_for_update().select_related("release", "modification").get(pk=self.pk)
        if not item.is_active:
            raise ScopeRuleError(
                f"Only an approved or targeted item can be moved; {item.label} is "
                f"{item.get_inclusion_display().lower()}."
            )
        if release.pk == item.release_id:
            raise ValidationError({"to": "The item is already in this release."})
        item._placed_on = on
        if problem := item.not_ahead_of_go_live(release):
            raise ScopeRuleError(problem)
        why = f"Moved from {item.release} to {release}" + (f": {reason}" if reason else "")
        item.close(Inclusion.DEFERRED, reason=why)
        new_item = item.successor(release, on=on, reason=why)
        self.refresh_from_db()
        return new_item

    @transaction.atomic
    def lapse(self, *, on: datetime.date) -> "ScopeItem | None":
        """Rule 2: past its cut-off and not approved, the item lapses to its fall-back release.

        Returns the new targeted item, or None if the item no longer needs to lapse (a second run)
        or no release can take it (the lapsed item then stays for SECAS to place by hand).
        """
        item = ScopeItem.objects.select_for_update().select_related("release", "modification").get(pk=self.pk)
        if not item.is_due_to_lapse(on):
            return None
        from .release import Release

        target = item.fall_back_release
        if target is not None and not target.is_ahead_of_go_live(on):
            target = None
        target = target or Release.objects.next_viable_after(item.release, item.modification, on)
        cut_off = item.cut_off_date.strftime("%-d %B %Y")
        if target is None:
            item.close(
                Inclusion.LAPSED,
                reason=f"Lapsed from {item.release}: not approved by the cut-off of {cut_off}; no viable release.",
            )
            self.refresh_from_db()
            return None
        why = f"Lapsed from {item.release} to {target}: not approved by the cut-off of {cut_off}."
        item.close(Inclusion.LAPSED, reason=why)
        new_item = item.successor(target, on=on, reason=why)
        self.refresh_from_db()
        return new_item

    @transaction.atomic
    def remove(self, *, reason: str) -> "ScopeItem":
        """The item leaves the scope and stays, removed, as history."""
        if not (reason or "").strip():
            raise ValidationError({"reason": "Say why the item is removed (kept in its history)."})
        item = ScopeItem.objects.select_for_update().select_related("release", "modification").get(pk=self.pk)
        if not item.is_active:
            raise ScopeRuleError(
                f"Only an approved or targeted item can be removed; {item.label} is "
                f"{item.get_inclusion_display().lower()}."
            )
        item.close(Inclusion.REMOVED, reason=reason)
        self.refresh_from_db()
        return item

    def is_due_to_lapse(self, on: datetime.date) -> bool:
        return ScopeItem.objects.overdue(on).filter(pk=self.pk).exists()

    def close(self, inclusion: str, *, reason: str, keep_reason: bool = False):
        """The verbs' own change of inclusion, with the reason in the history (and on the row, unless approving)."""
        with self.by_verb("inclusion"):
            self.inclusion = inclusion
            if not keep_reason:
                self.change_reason = reason
            self._change_reason = reason
            self.save()

    def successor(self, release, *, on: datetime.date, reason: str) -> "ScopeItem":
        new_item = ScopeItem(
            release=release,
            modification=self.modification,
            part=self.part,
            inclusion=Inclusion.TARGETED,
            added_on=on,
            replaces=self,
            change_reason=reason,
        )
        new_item._placed_on = on
        new_item.check_rules()
        new_item.full_clean()
        new_item._change_reason = reason
        new_item.save()
        return new_item
