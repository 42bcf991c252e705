"""Endpoints SECAS registers, the events announced to them, each delivery and each attempt it took."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .choices import DeliveryState, EventKind
from .signing import decrypt_secret, encrypt_secret, new_secret


class WebhookEndpoint(models.Model):
    """A URL that receives signed JSON POSTs for the events it subscribes to.

    The secret signs every delivery, so it must be recoverable: it is kept encrypted with a key derived
    from SECRET_KEY (secreleases/webhooks/signing.py) and shown once, when the endpoint is made or the
    secret is replaced.
    """

    url = models.URLField("URL", max_length=500, help_text="http(s) only; redirects are not followed.")
    description = models.CharField(max_length=200, blank=True, help_text="Who receives it, what for.")
    events = models.JSONField(default=list, help_text="The event kinds it receives.")
    active = models.BooleanField(default=True, help_text="Inactive endpoints receive nothing.")
    secret_encrypted = models.TextField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["secret_encrypted"])

    class Meta:
        ordering = ["pk"]
        verbose_name = "webhook endpoint"

    def __str__(self):
        return self.description or self.url

    @property
    def secret(self) -> str:
        return decrypt_secret(self.secret_encrypted)

    def replace_secret(self) -> str:
        """A new secret (returned, to show once); the old one stops signing at once."""
        secret = new_secret()
        self.secret_encrypted = encrypt_secret(secret)
        return secret

    def receives(self, kind: str) -> bool:
        return self.active and (kind in self.events or kind == EventKind.PING)


class WebhookEvent(models.Model):
    """Something that happened, as announced: its kind and data, frozen once built; delivered to each subscriber."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    occurred_at = models.DateTimeField(default=timezone.now)
    # The history record (or task) that announced it: an event is announced once, whoever asks twice.
    source = models.CharField(max_length=120, unique=True)
    release = models.CharField(max_length=60, blank=True, help_text="The slug of the release concerned, if any.")
    summary = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self):
        return f"{self.kind}: {self.summary}"


class WebhookDelivery(models.Model):
    """One event to one endpoint: pending until a 2xx answer, retried with backoff for a day, then failed."""

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts_made = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    retry_until = models.DateTimeField(help_text="Retries stop after this (a day after the first try).")
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="one_delivery_per_event_and_endpoint")
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="webhookdelivery_due"),
            models.Index(fields=["endpoint", "-created_at"], name="webhookdelivery_endpoint"),
        ]

    def __str__(self):
        return f"{self.event.kind} to {self.endpoint}: {self.get_state_display()}"


class WebhookAttempt(models.Model):
    """One POST of a delivery: when, how long, and what came back (or why nothing did). Never edited."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_per_delivery_and_number")
        ]

    def __str__(self):
        outcome = self.status_code or self.error or "no answer"
        return f"attempt {self.number}: {outcome}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
