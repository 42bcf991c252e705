"""What every domain model shares (an abstract base), and the audit log of sign-ins, failed sign-ins and
lock-outs, read by SECAS administrators in the admin."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import AuditKind


class Tracked(models.Model):
    """Created and updated timestamps, for the pages and the history."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


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


# Webhooks and spreadsheet imports: defined in their packages, registered here with the project package's models.
from .imports.models import SpreadsheetImport  # noqa: E402
from .webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent  # noqa: E402

__all__ = [
    "AuditEvent",
    "DataVersion",
    "SpreadsheetImport",
    "Tracked",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "related_model",
]
