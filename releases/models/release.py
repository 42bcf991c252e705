import datetime
import re
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from secreleases.models import DateField, Tracked, VerbOnlyFields, is_plausible, plausible_date
from secreleases.roles import SECAS, roles_of

from ..choices import (
    CLOSED_RELEASE_STATUSES,
    Body,
    Classification,
    DateKind,
    PaperAction,
    ReleaseStatus,
)

YEAR_IN_NAME = re.compile(r"\b(20[0-9]{2})\b")
SYSTEM_SCOPE_LOCK_POLICY = relativedelta(months=12)
DOCUMENT_SCOPE_LOCK_POLICY = relativedelta(months=6)


def default_system_scope_lock(go_live: datetime.date | None) -> datetime.date | None:
    """SEC Release Management Policy: DCC-System scope is set 12 months before go-live."""
    return go_live - SYSTEM_SCOPE_LOCK_POLICY if is_plausible(go_live) else None


def default_document_scope_lock(go_live: datetime.date | None) -> datetime.date | None:
    """SEC Release Management Policy: SEC-document scope is set 6 months before go-live."""
    return go_live - DOCUMENT_SCOPE_LOCK_POLICY if is_plausible(go_live) else None


def half_year_end(day: datetime.date | None) -> datetime.date | None:
    """The last day of the half-year `day` falls in: 30 June or 31 December."""
    if day is None:
        return None
    return datetime.date(day.year, 6, 30) if day.month <= 6 else datetime.date(day.year, 12, 31)


def slug_for(name: str) -> str:
    """A release's slug from its name, as the papers' releases have them: "June 2022 SEC Release" -> june-2022."""
    return slugify(SEC_RELEASE_SUFFIX.sub("", name or "").strip())[:60].strip("-")


# /releases/new/ starts a release, so no release may take that address.
RESERVED_SLUGS = ("new",)
SEC_RELEASE_SUFFIX = re.compile(r"\s*\bSEC\s+Release\s*$", re.IGNORECASE)
RESCHEDULE_NEEDS_REASON = "Say why the date changes: the reason is kept with the date's revision."
DATES_BY_RESCHEDULING = (
    "The go-live and scope-lock dates change only by rescheduling, with a reason kept as a date revision."
)


# (date field, recorded flag, policy default from go-live)
SCOPE_LOCKS = (
    ("system_scope_lock_date", "system_scope_lock_recorded", default_system_scope_lock),
    ("document_scope_lock_date", "document_scope_lock_recorded", default_document_scope_lock),
)


class Paper(Tracked):
    """A Panel or sub-committee paper (or a DCC update) that decisions and baselines cite."""

    reference = models.CharField(max_length=60, unique=True, help_text="As printed on the paper, e.g. SECP_76_1701_23.")
    title = models.CharField(max_length=300)
    body = models.CharField(max_length=20, choices=Body.choices, help_text="Who the paper went to.")
    action = models.CharField(max_length=20, choices=PaperAction.choices, blank=True)
    classification = models.CharField(max_length=10, choices=Classification.choices, blank=True)
    date = DateField(null=True, blank=True, help_text="The date the paper carries.")
    meeting_date = DateField(null=True, blank=True)
    recommendations = models.TextField(blank=True, help_text="NOTE / AGREE / BASELINE lines.")
    url = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "reference"]

    def __str__(self):
        return self.reference


class ReleaseQuerySet(models.QuerySet):
    def open(self):
        """Releases that can still change by themselves: not live, deferred or cancelled."""
        return self.exclude(status__in=CLOSED_RELEASE_STATUSES)

    def in_list_order(self):
        """Releases in flight first, soonest go-live first; then closed ones, newest first.

        A release whose go-live is not set yet takes its place by the half-year it is planned for (at the
        half's end, after the dated ones of that half); one with neither comes last.
        """
        closed = models.Case(
            models.When(status__in=CLOSED_RELEASE_STATUSES, then=models.Value(1)), default=models.Value(0)
        )
        go_live = Coalesce("implementation_date", "go_live_half_year")
        open_go_live = models.Case(models.When(~Q(status__in=CLOSED_RELEASE_STATUSES), then=go_live))
        return self.order_by(
            closed,
            open_go_live.asc(nulls_last=True),
            go_live.desc(nulls_last=True),
            "name",
        )

    def start(self, *, by=None, **fields) -> "Release":
        """A new release with the standard criteria, timetable and scope locks (see Release.start)."""
        return self.model(**fields).start(by=by)

    def ahead_of_go_live(self, on: datetime.date):
        return self.open().filter(Q(implementation_date__isnull=True) | Q(implementation_date__gt=on))

    def next_viable_after(self, release: "Release", modification, on: datetime.date):
        """The next open release after `release` whose scope lock for `modification` has not passed."""
        lock_field = Release.scope_lock_field_for(modification)
        later = self.ahead_of_go_live(on).exclude(pk=release.pk)
        if release.implementation_date:
            # A release whose go-live is not set yet still comes after this one.
            later = later.filter(
                Q(implementation_date__gt=release.implementation_date) | Q(implementation_date__isnull=True)
            )
        later = later.filter(Q(**{f"{lock_field}__isnull": True}) | Q(**{f"{lock_field}__gte": on}))
        return later.order_by(models.F("implementation_date").asc(nulls_last=True), "pk").first()


class Release(VerbOnlyFields, Tracked):
    """A SEC Release: its go-live date, scope locks, status, test strategy, costs and RID.

    Its go-live and scope-lock dates are set when it is created, then change only by `reschedule`.
    """

    verb_only_fields = {
        "implementation_date": DATES_BY_RESCHEDULING,
        "system_scope_lock_date": DATES_BY_RESCHEDULING,
        "document_scope_lock_date": DATES_BY_RESCHEDULING,
    }

    slug = models.SlugField(max_length=60, unique=True, help_text="e.g. november-2020")
    name = models.CharField(max_length=120, unique=True, help_text="e.g. November 2020 SEC Release")
    implementation_date = DateField(
        "go-live date", null=True, blank=True, help_text="The planned go-live date; empty while unknown."
    )
    go_live_half_year = DateField(
        "half-year of go-live",
        null=True,
        blank=True,
        help_text="The half-year it goes live in, kept as the half's last day (30 June or 31 December): set "
        "while the go-live date is unknown, and follows the go-live date once there is one.",
    )
    status = models.CharField(max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.PLANNING)
    system_scope_lock_date = DateField(
        null=True,
        blank=True,
        help_text="When the Panel baselined the DCC-System scope. Until it does, the policy default: 12 months "
        "before go-live.",
    )
    system_scope_lock_recorded = models.BooleanField(
        "DCC-System scope lock recorded",
        default=False,
        help_text="Set when the lock is a date the Panel recorded; otherwise the date is the policy default and "
        "moves with go-live.",
    )
    document_scope_lock_date = DateField(
        null=True,
        blank=True,
        help_text="When the Panel baselined the SEC-document scope. Until it does, the policy default: 6 months "
        "before go-live.",
    )
    document_scope_lock_recorded = models.BooleanField(
        "SEC-document scope lock recorded",
        default=False,
        help_text="Set when the lock is a date the Panel recorded; otherwise the date is the policy default and "
        "moves with go-live.",
    )
    summary = models.TextField(blank=True, help_text="The RID's 'About this document'.")
    test_strategy = models.TextField(blank=True)
    other_code_impacts = models.TextField(blank=True)
    dcc_quoted_total = models.DecimalField(
        "DCC quoted total implementation cost",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="As the DCC quoted it; never corrected to the breakdown's sum.",
    )
    operational_cost_impact = models.TextField(blank=True)
    classification = models.CharField(max_length=10, choices=Classification.choices, default=Classification.WHITE)
    web_page = models.URLField(blank=True)
    source_note = models.TextField(blank=True, help_text="Which papers this release's data comes from.")
    history = HistoricalRecords()

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = [models.F("implementation_date").asc(nulls_last=True), "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(system_scope_lock_date__isnull=True)
                | Q(implementation_date__isnull=True)
                | Q(system_scope_lock_date__lt=models.F("implementation_date")),
                name="system_scope_lock_before_go_live",
                violation_error_message="The DCC-System scope lock must fall before the go-live date.",
            ),
            models.CheckConstraint(
                condition=Q(document_scope_lock_date__isnull=True)
                | Q(implementation_date__isnull=True)
                | Q(document_scope_lock_date__lt=models.F("implementation_date")),
                name="document_scope_lock_before_go_live",
                violation_error_message="The SEC-document scope lock must fall before the go-live date.",
            ),
            models.CheckConstraint(
                condition=Q(dcc_quoted_total__isnull=True) | Q(dcc_quoted_total__gte=0),
                name="release_quoted_total_not_negative",
                violation_error_message="The DCC's quoted total cannot be negative.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.apply_scope_lock_policy()
        self.place_in_half_year()
        super().save(*args, **kwargs)
        self.remember_scope_locks()

    # -- scope locks ---------------------------------------------------------------------------
    # A lock is either a date the Panel recorded (`..._recorded`), which stays until someone changes it,
    # or the policy default, computed from go-live and moving with it. Both are stored in the date field,
    # so rule 1 (exceptions), lapses and the API read the effective lock; the flag says which it is.

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.remember_scope_locks()
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        self.remember_scope_locks(fields)

    def remember_scope_locks(self, fields=None):
        """The lock dates as stored, so a save can tell a date someone set from one left as it was."""
        stored = dict(getattr(self, "_stored_scope_locks", {}))
        for field, _, _ in SCOPE_LOCKS:
            if field in self.__dict__ and (fields is None or field in fields):
                stored[field] = self.__dict__[field]
        self._stored_scope_locks = stored

    def apply_scope_lock_policy(self):
        """A date someone sets is recorded; a lock left empty or at its default is the policy's, from go-live."""
        stored = getattr(self, "_stored_scope_locks", {})
        for field, flag, policy in SCOPE_LOCKS:
            value, recorded = getattr(self, field), getattr(self, flag)
            default = policy(self.implementation_date)
            # A new release: a date given is one someone set. A field never loaded (deferred) is as stored.
            left_as_stored = value == stored[field] if field in stored else not self._state.adding
            if value is None:
                setattr(self, field, default)
                setattr(self, flag, False)
            elif left_as_stored:
                if not recorded:
                    setattr(self, field, default)  # a policy default follows go-live
            elif not (value == default and not recorded):
                setattr(self, flag, True)

    def scope_lock_is_policy_default(self, field: str) -> bool:
        flag = {date_field: flag for date_field, flag, _ in SCOPE_LOCKS}[field]
        return getattr(self, field) is not None and not getattr(self, flag)

    @property
    def system_scope_lock_is_policy_default(self) -> bool:
        return self.scope_lock_is_policy_default("system_scope_lock_date")

    @property
    def document_scope_lock_is_policy_default(self) -> bool:
        return self.scope_lock_is_policy_default("document_scope_lock_date")

    @staticmethod
    def scope_lock_field_for(modification) -> str:
        """DCC-System-impacting modifications follow the system lock; the rest the document lock."""
        if modification.impacts_dcc_systems:
            return "system_scope_lock_date"
        return "document_scope_lock_date"

    def scope_lock_for(self, modification) -> datetime.date | None:
        return getattr(self, self.scope_lock_field_for(modification))

    def is_exception(self, modification, added_on: datetime.date) -> bool:
        """Rule 1: an item added after the scope lock that applies to it is an exception."""
        lock = self.scope_lock_for(modification)
        return lock is not None and added_on > lock

    # -- starting ------------------------------------------------------------------------------

    @transaction.atomic
    def start(self, *, by=None) -> "Release":
        """Create this new release with what every release starts from, at every door (browser, admin, API).

        A copy of the standard acceptance criteria, the standard timetable (releases/standard_timetable.py)
        dated from go-live and the scope locks, and the scope locks' policy defaults.
        """
        from acceptance.models import Criterion

        from ..standard_timetable import SOURCE, STANDARD_TIMETABLE
        from .timetable import Milestone

        if self.pk is not None:
            raise ValidationError("This release has started already.")
        if not self.slug:
            self.slug = slug_for(self.name)
        self.apply_scope_lock_policy()
        self.place_in_half_year()
        self.full_clean()
        self._change_reason = "Started, with the standard criteria, timetable and scope locks"
        self.save()
        Criterion.adopt_standard_set(self)
        for position, standard in enumerate(STANDARD_TIMETABLE, start=1):
            milestone = Milestone(
                release=self,
                position=position,
                event=standard.event,
                notes=standard.notes,
                owner=standard.owner,
                date=standard.date_for(self),
            )
            milestone.full_clean()
            milestone._change_reason = SOURCE
            milestone.save()
        return self

    # -- go-live -------------------------------------------------------------------------------

    def place_in_half_year(self) -> None:
        """The half-year follows the go-live date; while that is unknown, it is the half-year SECAS gave."""
        if self.implementation_date is not None:
            self.go_live_half_year = half_year_end(self.implementation_date)
        elif self.go_live_half_year is not None:
            self.go_live_half_year = half_year_end(self.go_live_half_year)

    @property
    def half_year_label(self) -> str:
        """e.g. "first half of 2022" (January to June)."""
        if self.go_live_half_year is None:
            return ""
        half = "first" if self.go_live_half_year.month <= 6 else "second"
        return f"{half} half of {self.go_live_half_year.year}"

    @property
    def planning_year(self) -> int | None:
        """The year it goes live; while its go-live is unknown, the year its name states ("June 2021")."""
        if self.implementation_date:
            return self.implementation_date.year
        if self.go_live_half_year:
            return self.go_live_half_year.year
        match = YEAR_IN_NAME.search(self.name or "") or YEAR_IN_NAME.search(self.slug or "")
        return int(match.group(1)) if match else None

    @property
    def is_placed_by_name(self) -> bool:
        return self.implementation_date is None and self.planning_year is not None

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_RELEASE_STATUSES

    def is_ahead_of_go_live(self, on: datetime.date) -> bool:
        if self.is_closed:
            return False
        return self.implementation_date is None or self.implementation_date > on

    @transaction.atomic
    def reschedule(
        self,
        kind: str,
        new_date: datetime.date | None,
        *,
        reason: str,
        decided_on: datetime.date | None = None,
        paper: str = "",
        by=None,
    ) -> "ReleaseDateChange":
        """Change the go-live date or a scope lock, keeping the old date and the reason."""
        if kind not in ReleaseDateChange.FIELD_FOR_KIND:
            raise ValidationError({"kind": f"Choose one of: {', '.join(ReleaseDateChange.FIELD_FOR_KIND)}."})
        if not (reason or "").strip():
            raise ValidationError({"reason": RESCHEDULE_NEEDS_REASON})
        try:
            plausible_date(new_date)
        except ValidationError as error:
            raise ValidationError({"new_date": error.messages}) from error
        field = ReleaseDateChange.FIELD_FOR_KIND[kind]
        release = Release.objects.select_for_update().get(pk=self.pk)
        previous = getattr(release, field)
        change = ReleaseDateChange(
            release=release,
            kind=kind,
            previous_date=previous,
            new_date=new_date,
            reason=reason,
            decided_on=decided_on,
            paper=paper,
            recorded_by=by,
        )
        change.full_clean()
        with release.by_verb(*self.verb_only_fields):
            setattr(release, field, new_date)
            if kind == DateKind.IMPLEMENTATION:
                release.apply_scope_lock_policy()  # locks at their policy default move with go-live
            release.full_clean()
            release._change_reason = change.reason
            release.save()
        change.save()
        self.refresh_from_db()
        return change

    # -- followers -----------------------------------------------------------------------------

    def reminder_recipients(self, news: str = "cut_off_reminders"):
        """Who hears this kind of news (FollowNews) of this release: its followers who chose it, and SECAS
        unless they opted out of the release or of that kind."""
        from .people import ReleaseFollow, User

        field = ReleaseFollow.field_for(news)
        opted_out = self.follows.filter(Q(following=False) | Q(**{field: False})).values("user_id")
        opted_in = self.follows.filter(following=True, **{field: True}).values("user_id")
        return (
            User.objects.filter(is_active=True)
            .filter(Q(groups__name=SECAS) | Q(pk__in=opted_in))
            .exclude(pk__in=opted_out)
            .exclude(email="")
            .distinct()
            .order_by("pk")
        )

    def follow_of(self, user):
        """The user's follow choice for this release (unsaved, as its defaults say, if they never chose)."""
        from .people import ReleaseFollow

        follow = self.follows.filter(user=user).first()
        if follow is None:
            follow = ReleaseFollow(release=self, user=user, following=SECAS in roles_of(user))
        return follow

    def is_followed_by(self, user) -> bool:
        choice = self.follows.filter(user=user).values_list("following", flat=True).first()
        if choice is not None:
            return choice
        return SECAS in roles_of(user)

    def set_following(self, user, following: bool, news: dict | None = None):
        """Follow or stop following; `news` ({"lapses": False, ...}) chooses what the follower hears about."""
        from .people import ReleaseFollow

        defaults = {"following": following}
        for kind, hears in (news or {}).items():
            defaults[ReleaseFollow.field_for(kind)] = bool(hears)
        follow, _ = ReleaseFollow.objects.update_or_create(release=self, user=user, defaults=defaults)
        return follow

    # -- costs ---------------------------------------------------------------------------------

    def breakdown_total(self, lines=None) -> Decimal | None:
        """The sum of the DCC's breakdown lines (None without a breakdown); `lines` if already read."""
        lines = list(self.cost_lines.all()) if lines is None else lines
        if not lines:
            return None
        return sum((line.total for line in lines), Decimal("0"))

    def cost_difference(self, lines=None) -> Decimal | None:
        """The quoted total minus the breakdown's sum; shown, never silently fixed."""
        breakdown = self.breakdown_total(lines)
        if self.dcc_quoted_total is None or breakdown is None:
            return None
        return self.dcc_quoted_total - breakdown

    @transaction.atomic
    def record_dcc_quote(self, total: Decimal | None, *, reason: str = "", operational_cost_impact=None) -> "Release":
        """The DCC's quoted total, as quoted (never corrected to the breakdown), with why it changes."""
        release = Release.objects.select_for_update().get(pk=self.pk)
        release.dcc_quoted_total = total
        if operational_cost_impact is not None:
            release.operational_cost_impact = operational_cost_impact
        release.full_clean()
        release._change_reason = (reason or "").strip() or "DCC quoted total recorded"
        release.save()
        self.refresh_from_db()
        return release

    def clean(self):
        self.check_verb_only_fields()
        # Before the constraints are validated: a default lock follows a go-live date set in the same edit.
        self.apply_scope_lock_policy()
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = f"“{self.slug}” is the address of a page (/releases/{self.slug}/): choose another slug."
        if self.pk and self.slug:
            previous_slug = Release.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if (
                previous_slug
                and previous_slug != self.slug
                and self.rid_versions.filter(baselined_on__isnull=False).exists()
            ):
                errors["slug"] = "A release with a baselined RID keeps its slug."
        if errors:
            raise ValidationError(errors)


class ReleaseDateChange(Tracked):
    """A revision of a release's go-live date or scope lock, with its reason."""

    FIELD_FOR_KIND = {
        DateKind.IMPLEMENTATION: "implementation_date",
        DateKind.SYSTEM_SCOPE_LOCK: "system_scope_lock_date",
        DateKind.DOCUMENT_SCOPE_LOCK: "document_scope_lock_date",
    }

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="date_changes")
    kind = models.CharField(max_length=30, choices=DateKind.choices)
    previous_date = DateField(null=True, blank=True, help_text="Empty where no paper states it.")
    new_date = DateField(null=True, blank=True)
    reason = models.TextField()
    decided_on = DateField(null=True, blank=True)
    paper = models.CharField(max_length=60, blank=True)
    recorded_by = models.ForeignKey("releases.User", null=True, blank=True, on_delete=models.SET_NULL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "decided_on", "pk"]

    def __str__(self):
        return f"{self.release}: {self.get_kind_display()} {self.previous_date} -> {self.new_date}"
