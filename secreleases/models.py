"""What every domain model shares (an abstract base, the guard on fields only a verb may change, plausible
dates); the audit log of sign-ins, failed sign-ins, lock-outs and API tokens, read by SECAS administrators in the
admin; the data version; the API tokens; and the API's remembered idempotent POSTs."""

import contextlib
import datetime
import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, models, transaction
from django.db.models import Q
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


# -- API tokens ------------------------------------------------------------------------------------

# A key is 32 random bytes, URL-safe base64 (43 characters). Its first characters are stored as they are, to
# find the row; the rest only as a SHA-256 digest. A fast hash is enough for a random 256-bit secret (nothing
# to brute-force), and a slow one would cost every request.
KEY_BYTES = 32
KEY_PREFIX_LENGTH = 8
# "Last used" is written at most once a minute per token, and a use is written to the audit log at most once
# an hour per token, so a busy integration costs no write per request.
LAST_USED_PRECISION = timedelta(minutes=1)
USE_AUDIT_INTERVAL = timedelta(hours=1)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def issue(self, user, *, name: str, read_only: bool = False, expires_at=None, request=None):
        """A new token for `user`: returns (token, key). The key is shown once and never stored."""
        for _ in range(3):
            key = secrets.token_urlsafe(KEY_BYTES)
            token = self.model(
                user=user,
                name=name.strip(),
                prefix=key[:KEY_PREFIX_LENGTH],
                digest=key_digest(key),
                read_only=read_only,
                expires_at=expires_at,
            )
            token.full_clean(exclude=["prefix", "digest"])
            try:
                with transaction.atomic():
                    token.save()
                break
            except IntegrityError:
                if not self.model.objects.filter(prefix=token.prefix).exists():
                    raise  # not a prefix two keys share (2^-48): the name, taken meanwhile
        else:
            raise RuntimeError("Three random keys in a row shared a prefix with existing tokens.")
        from .audit import record

        record(AuditKind.TOKEN_CREATED, request, user=user, actor=actor_of(request, user), detail=token.describe())
        return token, key

    def unused_name(self, user, name: str) -> str:
        """`name`, or "name (2)", "name (3)"...: the first that none of the user's unrevoked tokens has."""
        taken = set(self.filter(user=user, revoked_at__isnull=True).values_list("name", flat=True))
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"{name} ({n})"
        return candidate

    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def actor_of(request, user):
    """Who acted, when not the account itself (an administrator revoking someone else's token)."""
    acting = getattr(request, "user", None)
    if acting is not None and acting.is_authenticated and acting.pk != user.pk:
        return acting
    return None


class ApiToken(models.Model):
    """A named key an integration sends as `Authorization: Token <key>`, acting as its user (or only reading)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What uses it, e.g. “DCC release tooling”.")
    prefix = models.CharField(max_length=KEY_PREFIX_LENGTH, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False, help_text="SHA-256 of the key; the key is not stored.")
    read_only = models.BooleanField(default=False, help_text="May only read, whatever its user's role allows.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Refused from then on; empty: never.")
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    use_audited_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_name_once_per_user",
                violation_error_message="You already have a token of this name: choose another, or revoke that one.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def describe(self) -> str:
        scope = "read-only" if self.read_only else "read and write"
        expiry = f"expires {self.expires_at:%Y-%m-%d %H:%M %Z}" if self.expires_at else "never expires"
        return f"“{self.name}” ({self.prefix}…), {scope}, {expiry}"

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        return "expired" if self.is_expired() else "active"

    def revoke(self, *, request=None) -> bool:
        """Refuse this token from the next request on; False if it was revoked already (one audit event only)."""
        by = getattr(request, "user", None)
        by = by if by is not None and by.is_authenticated else None
        now = timezone.now()
        if not ApiToken.objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=now, revoked_by=by):
            return False
        self.revoked_at, self.revoked_by = now, by
        from .audit import record

        actor = actor_of(request, self.user)
        record(AuditKind.TOKEN_REVOKED, request, user=self.user, actor=actor, detail=self.describe())
        return True

    def note_use(self, request) -> None:
        """Record "last used" (once a minute at most) and, once an hour at most, a use in the audit log.

        Written after the request's transaction commits (at once outside one), with conditional UPDATEs, so
        concurrent requests write it once and no row lock is held while a request runs.
        """
        now = timezone.now()
        if self.last_used_at is not None and now - self.last_used_at < LAST_USED_PRECISION:
            return
        transaction.on_commit(lambda: self._write_use(now, request))

    def _write_use(self, now, request) -> None:
        tokens = ApiToken.objects.filter(pk=self.pk)
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
        if not tokens.filter(stale).update(last_used_at=now):
            return  # another request of this minute wrote it
        unaudited = Q(use_audited_at__isnull=True) | Q(use_audited_at__lt=now - USE_AUDIT_INTERVAL)
        if tokens.filter(unaudited).update(use_audited_at=now):
            from .audit import record

            detail = f"{self} {request.method} {request.path}"
            record(AuditKind.TOKEN_USED, request, user=self.user, detail=detail)


# -- Idempotency-Key -------------------------------------------------------------------------------

IDEMPOTENCY_WINDOW = timedelta(hours=24)
# How long a retry waits for the first request with its key to finish before answering 409.
IDEMPOTENCY_WAIT = timedelta(seconds=15)
IDEMPOTENCY_KEY_LENGTH = 255


class KeyReused(Exception):
    """The key was used, within the window, for another request (method, path or body)."""


class KeyStillInProgress(Exception):
    """The first request with this key is still running after IDEMPOTENCY_WAIT."""


class IdempotentRequestQuerySet(models.QuerySet):
    def claim(self, user, key: str, fingerprint: str):
        """Claim `key` for this request inside the caller's transaction: (row, True) to go ahead, or the
        earlier request's (row, False) to answer again.

        The row is inserted first, so a concurrent duplicate's insert waits on the unique constraint until
        the first transaction ends: committed, it answers what the first answered; rolled back (an error,
        which writes nothing), it goes ahead itself. An expired key is free again.
        """
        now = timezone.now()
        try:
            with transaction.atomic(), waiting_at_most(IDEMPOTENCY_WAIT):
                self.filter(user=user, key=key, created_at__lte=now - IDEMPOTENCY_WINDOW).delete()
                return self.create(user=user, key=key, fingerprint=fingerprint, created_at=now), True
        except IntegrityError:
            pass
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:  # psycopg 3's name for the code
                raise KeyStillInProgress from error
            raise
        earlier = self.get(user=user, key=key)
        if not hmac.compare_digest(earlier.fingerprint, fingerprint):
            raise KeyReused
        return earlier, False

    def expired(self, now=None):
        return self.filter(created_at__lte=(now or timezone.now()) - IDEMPOTENCY_WINDOW)


LOCK_NOT_AVAILABLE = "55P03"


@contextlib.contextmanager
def waiting_at_most(limit: timedelta):
    """PostgreSQL's lock_timeout for the statements inside (in a transaction); elsewhere nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{int(limit.total_seconds() * 1000)}ms"])
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout TO DEFAULT")


class IdempotentRequest(models.Model):
    """An API POST sent with an Idempotency-Key, and the answer it got: the same key answers it again for 24 hours."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=IDEMPOTENCY_KEY_LENGTH)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, path and body.")
    created_at = models.DateTimeField(default=timezone.now)
    # Empty only inside the first request's own transaction: others see the row once it has its answer.
    status_code = models.PositiveSmallIntegerField(null=True)
    headers = models.JSONField(default=dict)
    body = models.BinaryField(default=b"")

    objects = IdempotentRequestQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                name="idempotency_key_once_per_user",
                violation_error_message="This Idempotency-Key was already used.",
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotentrequest_created")]

    def __str__(self):
        return f"{self.key} ({self.status_code or 'in progress'})"


# Webhooks and spreadsheet imports: defined in their packages, registered here with the project package's models.
from .imports.models import SpreadsheetImport  # noqa: E402, F401
from .webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent  # noqa: E402, F401
