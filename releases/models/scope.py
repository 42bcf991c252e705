import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords

from secreleases.clock import today
from secreleases.models import Tracked
from secreleases.rules import RuleError

from ..choices import ACTIVE_INCLUSIONS, Inclusion

ACTIVE = Q(inclusion__in=ACTIVE_INCLUSIONS)


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

    def overdue(self, on: datetime.date):
        """Targeted items past their cut-off, in releases still ahead of go-live, not yet approved."""
        from modifications.choices import APPROVED_PHASES

        from .release import Release

        return (
            self.targeted()
            .filter(cut_off_date__lt=on)
            .exclude(modification__phase__in=APPROVED_PHASES)
            .filter(release__in=Release.objects.ahead_of_go_live(on))
        )


class ScopeItem(Tracked):
    """A modification, or a part of one, in a release's scope.

    Moves and lapses never rewrite an item: the old one stays where it was (deferred or lapsed)
    and a new targeted item is made in the other release, pointing back at it.
    """

    release = models.ForeignKey("releases.Release", on_delete=models.PROTECT, related_name="scope_items")
    modification = models.ForeignKey("modifications.Modification", on_delete=models.PROTECT, related_name="scope_items")
    part = models.CharField(
        max_length=40, blank=True, help_text="Empty for the whole modification, else e.g. 'Part 2'."
    )
    inclusion = models.CharField(max_length=20, choices=Inclusion.choices, default=Inclusion.TARGETED)
    cut_off_date = models.DateField(
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
    added_on = models.DateField(default=today)
    is_exception = models.BooleanField(
        default=False, editable=False, help_text="Added after the scope lock that applies to it."
    )
    exception_approved_on = models.DateField(null=True, blank=True)
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

    def clean(self):
        errors = {}
        if self.release_id and self.fall_back_release_id:
            errors.update(self.fall_back_errors())
        go_live = self.release.implementation_date if self.release_id else None
        if self.cut_off_date and go_live and self.cut_off_date >= go_live:
            errors["cut_off_date"] = "The decision cut-off must fall before the release's go-live date."
        if self.exception_approved_on and not self.will_be_exception():
            errors["exception_approved_on"] = (
                "This item was added before the scope lock, so it needs no exception approval."
            )
        if errors:
            raise ValidationError(errors)
        if self.release_id and self.modification_id and self.is_active:
            self.check_whole_and_parts()

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
    def add(cls, *, release, modification, by=None, **fields) -> "ScopeItem":
        """Put a modification (part) into a release's scope, with the rules checked under a lock."""
        type(modification).objects.select_for_update().get(pk=modification.pk)
        item = cls(release=release, modification=modification, **fields)
        item.check_whole_and_parts()
        item.full_clean()
        item._change_reason = fields.get("change_reason") or "Added to scope"
        item.save()
        return item

    @transaction.atomic
    def update(self, *, reason: str = "", **fields) -> "ScopeItem":
        """Change an item's fields (inclusion, cut-off, fall-back, status line...) and check the rules."""
        type(self.modification).objects.select_for_update().get(pk=self.modification_id)
        for name, value in fields.items():
            setattr(self, name, value)
        if self.is_active:
            self.check_whole_and_parts()
        self.full_clean()
        self._change_reason = reason or None
        self.save()
        return self

    @transaction.atomic
    def move_to(self, release, *, reason: str, on: datetime.date | None = None, by=None) -> "ScopeItem":
        """Defer this item here and target the same modification (part) in `release`."""
        on = on or today()
        item = ScopeItem.objects.select_for_update().select_related("release", "modification").get(pk=self.pk)
        if not item.is_active:
            raise ScopeRuleError(f"Only an approved or targeted item can be moved; this one is {item.inclusion}.")
        if release.pk == item.release_id:
            raise ValidationError({"to": "The item is already in this release."})
        item.close(Inclusion.DEFERRED, reason=reason or f"Moved to {release}")
        new_item = item.successor(release, on=on, reason=reason or f"Moved from {item.release}")
        self.refresh_from_db()
        return new_item

    @transaction.atomic
    def lapse(self, *, on: datetime.date, by=None) -> "ScopeItem | None":
        """Rule 2: past its cut-off and not approved, the item lapses to its fall-back release.

        Returns the new targeted item, or None if the item no longer needs to lapse (a second run)
        or no release can take it (the lapsed item then stays for SECAS to place by hand).
        """
        item = ScopeItem.objects.select_for_update().select_related("release", "modification").get(pk=self.pk)
        if not item.is_due_to_lapse(on):
            return None
        from .release import Release

        target = item.fall_back_release or Release.objects.next_viable_after(item.release, item.modification, on)
        cut_off = item.cut_off_date.strftime("%-d %B %Y")
        if target is None:
            item.close(Inclusion.LAPSED, reason=f"Not approved by the cut-off of {cut_off}; no viable release.")
            self.refresh_from_db()
            return None
        item.close(Inclusion.LAPSED, reason=f"Not approved by the cut-off of {cut_off}; lapsed to {target}.")
        new_item = item.successor(target, on=on, reason=f"Lapsed from {item.release} (cut-off {cut_off}).")
        self.refresh_from_db()
        return new_item

    @transaction.atomic
    def remove(self, *, reason: str) -> "ScopeItem":
        item = ScopeItem.objects.select_for_update().get(pk=self.pk)
        if not item.is_active:
            raise ScopeRuleError("Only an approved or targeted item can be removed.")
        item.close(Inclusion.REMOVED, reason=reason)
        self.refresh_from_db()
        return item

    def is_due_to_lapse(self, on: datetime.date) -> bool:
        from modifications.choices import APPROVED_PHASES

        return (
            self.inclusion == Inclusion.TARGETED
            and self.cut_off_date is not None
            and self.cut_off_date < on
            and self.modification.phase not in APPROVED_PHASES
            and self.release.is_ahead_of_go_live(on)
        )

    def close(self, inclusion: str, *, reason: str):
        self.inclusion = inclusion
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
        new_item.check_whole_and_parts()
        new_item.full_clean()
        new_item._change_reason = reason
        new_item.save()
        return new_item
