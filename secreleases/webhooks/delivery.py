"""Delivering an event: a signed POST per attempt, each attempt kept, retried with backoff for a day.

The schedule lives on the delivery row (`next_attempt_at`, `retry_until`), not only in the broker: a
task makes one attempt and asks for the next with a countdown, and a sweep every minute re-enqueues any
delivery that is due and was lost (a broker that was down, a worker killed mid-attempt, a Redis
visibility timeout shorter than a long countdown). A task names the attempt it makes, so a duplicate
message finds the attempt already made and does nothing.
"""

import datetime
import json
import logging
import time

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .choices import DeliveryState
from .signing import SIGNATURE_HEADER, SecretUnreadable, signature
from .targets import TargetRefused, check_url

logger = logging.getLogger(__name__)
USER_AGENT = "SEC-Releases-Webhooks/1.0"
EXCERPT = 500
# A message that arrives this early (clock skew between worker and web) is still taken.
EARLY = datetime.timedelta(seconds=5)


def setting(name: str, default):
    return getattr(settings, name, default)


def retry_window() -> datetime.timedelta:
    return datetime.timedelta(seconds=setting("WEBHOOK_RETRY_WINDOW_SECONDS", 86400))


def backoff(attempt_number: int) -> datetime.timedelta:
    """Wait after attempt n failed: 30 s, 1, 2, 4 ... minutes, at most 4 hours (WEBHOOK_RETRY_* settings)."""
    first = setting("WEBHOOK_RETRY_FIRST_SECONDS", 30)
    longest = setting("WEBHOOK_RETRY_MAX_SECONDS", 4 * 3600)
    return datetime.timedelta(seconds=min(first * 2 ** (attempt_number - 1), longest))


def timeouts() -> tuple[float, float]:
    return setting("WEBHOOK_CONNECT_TIMEOUT_SECONDS", 3.0), setting("WEBHOOK_READ_TIMEOUT_SECONDS", 10.0)


# -- enqueueing ------------------------------------------------------------------------------------


def enqueue(delivery_id: int, attempt_number: int, countdown: float = 0) -> None:
    """Hand an attempt to the worker; a broker that is down loses nothing (the sweep sends it later)."""
    from .tasks import deliver_webhook

    try:
        deliver_webhook.apply_async((delivery_id, attempt_number), countdown=max(countdown, 0))
    except Exception:
        logger.exception("Could not enqueue webhook delivery %s; the sweep will", delivery_id)


def schedule(delivery_ids: list[int]) -> None:
    """First attempts, after the commit that made the deliveries."""

    def send():
        for delivery_id in delivery_ids:
            enqueue(delivery_id, 1)

    transaction.on_commit(send, robust=True)


def send_again(delivery) -> None:
    """SECAS's "send again": a new attempt now, and retries for another day if it fails."""
    from .models import WebhookDelivery

    now = timezone.now()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.state = DeliveryState.PENDING
        delivery.next_attempt_at = now
        delivery.retry_until = now + retry_window()
        delivery.save(update_fields=["state", "next_attempt_at", "retry_until", "updated_at"])
        number = delivery.attempts_made + 1
        transaction.on_commit(lambda: enqueue(delivery.pk, number), robust=True)


def sweep(limit: int = 500) -> int:
    """Re-enqueue the deliveries that are due and have waited a minute past their time (lost messages)."""
    from .models import WebhookDelivery

    late = timezone.now() - datetime.timedelta(seconds=60)
    due = WebhookDelivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=late)
    rows = list(due.order_by("next_attempt_at").values_list("pk", "attempts_made")[:limit])
    for delivery_id, made in rows:
        enqueue(delivery_id, made + 1)
    return len(rows)


# -- one attempt -----------------------------------------------------------------------------------


def body_of(delivery, attempt_number: int, at: datetime.datetime) -> bytes:
    event = delivery.event
    payload = {
        "id": str(event.id),
        "event": event.kind,
        "occurred_at": event.occurred_at.isoformat(),
        "timestamp": int(at.timestamp()),
        "attempt": attempt_number,
        "data": event.data,
    }
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def headers_of(delivery, body: bytes, at: datetime.datetime, secret: str) -> dict:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Event-Id": str(delivery.event_id),
        "X-Event-Type": delivery.event.kind,
        "X-Event-Timestamp": str(int(at.timestamp())),
        "X-Delivery-Attempt": str(delivery.attempts_made),
        SIGNATURE_HEADER: signature(secret, body),
    }


def post(url: str, body: bytes, headers: dict) -> tuple[int | None, str, str]:
    """(status code, start of the answer, error): never follows a redirect, never reads a long answer."""
    try:
        check_url(url, resolve=True)
    except TargetRefused as refused:
        return None, "", str(refused)
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: the address checked is the one reached
    try:
        with session.post(url, data=body, headers=headers, timeout=timeouts(), allow_redirects=False, stream=True) as r:
            excerpt = r.raw.read(EXCERPT, decode_content=True).decode("utf-8", "replace")
            error = ""
            if r.is_redirect:
                error = f"Redirect to {r.headers.get('Location', '?')} not followed."
            return r.status_code, excerpt, error
    except requests.RequestException as error:
        return None, "", f"{type(error).__name__}: {error}"[:500]
    finally:
        session.close()


def attempt(delivery_id: int, attempt_number: int) -> str:
    """Make attempt `attempt_number` of a delivery, unless it was made already or the delivery is settled."""
    from .models import WebhookAttempt, WebhookDelivery

    now = timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state != DeliveryState.PENDING:
            return "settled"
        if delivery.attempts_made != attempt_number - 1:
            return "duplicate"
        if delivery.next_attempt_at and delivery.next_attempt_at > now + EARLY:
            return "not due"
        # Claimed: until this attempt is recorded the sweep leaves it alone (its time is past the timeouts).
        delivery.attempts_made = attempt_number
        delivery.next_attempt_at = now + backoff(attempt_number) + datetime.timedelta(seconds=sum(timeouts()))
        delivery.save(update_fields=["attempts_made", "next_attempt_at", "updated_at"])

    started = timezone.now()
    clock = time.perf_counter()
    try:
        secret = delivery.endpoint.secret
    except SecretUnreadable as error:
        status, excerpt, problem = None, "", str(error)
    else:
        body = body_of(delivery, attempt_number, started)
        status, excerpt, problem = post(delivery.endpoint.url, body, headers_of(delivery, body, started, secret))
    duration_ms = round((time.perf_counter() - clock) * 1000)
    delivered = status is not None and 200 <= status < 300

    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=attempt_number,
            started_at=started,
            duration_ms=duration_ms,
            status_code=status,
            error=problem[:500],
            response_excerpt=excerpt[:EXCERPT],
        )
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        finished = timezone.now()
        if delivered:
            delivery.state, delivery.delivered_at, delivery.next_attempt_at = DeliveryState.DELIVERED, finished, None
        elif finished + backoff(attempt_number) > delivery.retry_until:
            delivery.state, delivery.next_attempt_at = DeliveryState.FAILED, None
        else:
            delivery.next_attempt_at = finished + backoff(attempt_number)
            wait = backoff(attempt_number).total_seconds()
            transaction.on_commit(lambda: enqueue(delivery_id, attempt_number + 1, countdown=wait), robust=True)
        delivery.save(update_fields=["state", "delivered_at", "next_attempt_at", "updated_at"])
    outcome = "delivered" if delivered else delivery.state
    logger.info("Webhook delivery %s attempt %s: %s (%s)", delivery_id, attempt_number, outcome, status or problem)
    return outcome
