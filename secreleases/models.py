"""What every domain model shares (an abstract base, the guard on fields only a verb may change, plausible
dates), and the audit log of sign-ins, failed sign-ins and lock-outs, read by SECAS administrators in the admin."""

import contextlib
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .choices import AuditKind
from .rules import RuleError

EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)


def plausible_date(value: datetime.date | None) -> None:
    """A date a release, a paper or a milestone can carry: 2000 to 2099 (year 1 is a typing slip, not a plan)."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError("Give a date between 1 January 2000 and 31 December 2099.", code="implausible_date")


def is_plausible(value: datetime.date | None) -> bool:
    return value is not None and EARLIEST_DATE <= value <= LATEST_DATE


class DateField(models.DateField):
    """Django's DateField, refusing implausible dates in every form, serializer and full_clean."""

    default_validators = [plausible_date]

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs


class Tracked(models.Model):
    """Created and updated timestamps, for the pages and the history."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RuleChecked:
    """A model whose domain rules are refusals (RuleError: the API answers 409, a form shows them by field).

    `rule_problems()` names them by field; the verbs call `check_rules()` before `full_clean()` (which
    would turn a RuleError into plain bad input), and `clean()` calls it too, so the admin's and the
    browser's forms show the same refusal beside the field.
    """

    def rule_problems(self) -> dict[str, str]:
        return {}

    def check_rules(self) -> None:
        if problems := self.rule_problems():
            raise RuleError(problems)


class VerbOnlyFields(RuleChecked):
    """Fields only the model's verbs change (an item's inclusion, a release's go-live date, a reference).

    `verb_only_fields` maps each field to the refusal that names its verb. A verb changes them inside
    `with self.by_verb("field"):`; any other change of a stored row (a form, the admin, a serializer,
    a plain save) is refused by clean() and again by save(), with that message. A new row may set them.
    """

    verb_only_fields: dict[str, str] = {}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.remember_verb_only_fields()
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        self.remember_verb_only_fields()

    def remember_verb_only_fields(self):
        stored = dict(getattr(self, "_stored_verb_only", {}))
        for name in self.verb_only_fields:
            attname = self._meta.get_field(name).attname
            if attname in self.__dict__:
                stored[name] = self.__dict__[attname]
        self._stored_verb_only = stored

    @contextlib.contextmanager
    def by_verb(self, *names: str):
        """Inside, the verb may change `names`."""
        allowed = getattr(self, "_verb_allowed", frozenset())
        self._verb_allowed = allowed | set(names)
        try:
            yield self
        finally:
            self._verb_allowed = allowed

    def changes_without_verb(self) -> dict[str, str]:
        if self._state.adding:
            return {}
        stored = getattr(self, "_stored_verb_only", {})
        allowed = getattr(self, "_verb_allowed", frozenset())
        return {
            name: message
            for name, message in self.verb_only_fields.items()
            if name in stored
            and name not in allowed
            and getattr(self, self._meta.get_field(name).attname) != stored[name]
        }

    def check_verb_only_fields(self):
        refused = self.changes_without_verb()
        if refused:
            raise RuleError(refused)

    def rule_problems(self) -> dict[str, str]:
        return {**super().rule_problems(), **self.changes_without_verb()}

    def save(self, *args, **kwargs):
        self.check_verb_only_fields()
        super().save(*args, **kwargs)
        self.remember_verb_only_fields()


def related_model(model, field_name: str):
    """The model at the other end of a relation, without importing the app that defines it.

    The apps depend one way (releases on modifications and acceptance), so the lower apps reach a
    release, or its scope items, through their own relations instead of importing `releases`.
    """
    return model._meta.get_field(field_name).related_model


USER_AGENT_LENGTH = 255


class AuditEventQuerySet(models.QuerySet):
    def record(self, kind: AuditKind, request=None, *, user=None, username: str = "", actor=None, detail: str = ""):
        """Write one event; the address, browser and request id come from the request when there is one."""
        from .audit import client_ip
        from .logs import current_request_id

        if user is not None and not username:
            username = user.get_username()
        meta = getattr(request, "META", {})
        return self.create(
            kind=kind,
            user=user if user is not None and user.pk else None,
            username=(username or "")[:150],
            actor=actor,
            ip_address=client_ip(request) if request is not None else None,
            user_agent=meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
            request_id=(getattr(request, "request_id", None) or current_request_id() or "")[:128],
            detail=detail[:255],
        )


class AuditEvent(models.Model):
    """Something that happened to an account: a sign-in, a failure, a lock-out and its lifting. Never edited."""

    at = models.DateTimeField(default=timezone.now, editable=False)
    kind = models.CharField(max_length=32, choices=AuditKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The account concerned, when it exists.",
    )
    username = models.CharField(max_length=150, blank=True, help_text="As typed, or the account's.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who did it, when not the account itself (the administrator who lifted a lock-out).",
    )
    ip_address = models.GenericIPAddressField("address", null=True, blank=True)
    user_agent = models.CharField("browser", max_length=USER_AGENT_LENGTH, blank=True)
    request_id = models.CharField(max_length=128, blank=True)
    detail = models.CharField(max_length=255, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at"], name="auditevent_at"),
            models.Index(fields=["kind", "-at"], name="auditevent_kind_at"),
            models.Index(fields=["username", "-at"], name="auditevent_username_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username or '—'} at {self.at:%Y-%m-%d %H:%M:%S}"


class DataVersion(models.Model):
    """A number that changes whenever any row of the domain apps changes (secreleases/versions.py).

    Database triggers replace it in the writing transaction itself, whatever the door (a verb, the
    admin, a migration, raw SQL), so a list read in the same statement can be named by it exactly.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=1)
    # PostgreSQL: the transaction and statement that last replaced it, so that a commit replaces it once
    # however many rows it wrote (each row's trigger runs in the COMMIT statement).
    last_writer = models.CharField(max_length=80, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="one_data_version_row")]

    def __str__(self):
        return f"data version {self.version}"
