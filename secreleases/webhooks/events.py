"""Events from the history: every change already writes a django-simple-history record with its reason, so
one receiver maps records to events, without touching the models' verbs.

Each app registers the models whose records announce something (`register`), with how to name the event
(`classify`, from the record and the one before it) and what to say (`describe`, the object as the API
shows it). The receiver only asks for a callback once the transaction commits: a change rolled back
announces nothing, and the user's save never waits for, nor fails on, a delivery. After the commit the
callback reads the record, builds the event once (named by its record, so it is never announced twice),
writes one delivery per subscribed endpoint and hands them to the worker.
"""

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .choices import EventKind

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Source:
    """A model whose history records may announce events."""

    model: type
    classify: Callable  # (record, previous record or None) -> an EventKind or None
    describe: Callable  # (kind, record, previous) -> {"release": slug, "summary": str, "data": {...}}


SOURCES: dict[str, Source] = {}


def register(model, *, classify: Callable, describe: Callable) -> None:
    SOURCES[model._meta.label_lower] = Source(model, classify, describe)


def history_record_created(sender, instance, history_instance, using="default", **kwargs):
    """post_create_historical_record: announce the record once the transaction has committed."""
    label = instance._meta.label_lower
    if label in SOURCES:
        callback = functools.partial(announce_record, label, history_instance.history_id)
        transaction.on_commit(callback, using=using, robust=True)


def active_endpoints() -> list:
    from .models import WebhookEndpoint

    return list(WebhookEndpoint.objects.filter(active=True))


def announce_record(label: str, history_id: int) -> None:
    endpoints = active_endpoints()
    if not endpoints:
        return
    source = SOURCES[label]
    record = source.model.history.select_related("history_user").filter(history_id=history_id).first()
    if record is None:
        return
    previous = record.prev_record if record.history_type == "~" else None
    kind = source.classify(record, previous)
    if kind is None:
        return
    publish(
        kind,
        f"{label}:{history_id}",
        lambda: source.describe(kind, record, previous),
        endpoints=endpoints,
        occurred_at=record.history_date,
    )


def publish(kind: str, source_key: str, describe: Callable, *, endpoints=None, occurred_at=None):
    """Make the event and a delivery per endpoint that receives `kind`, then enqueue them after the commit."""
    from .delivery import schedule
    from .models import WebhookDelivery, WebhookEvent

    candidates = active_endpoints() if endpoints is None else endpoints
    receivers = [endpoint for endpoint in candidates if endpoint.receives(kind)]
    if not receivers:
        return None
    described = describe()
    now = timezone.now()
    with transaction.atomic():
        event, created = WebhookEvent.objects.get_or_create(
            source=source_key,
            defaults={
                "kind": kind,
                "occurred_at": occurred_at or now,
                "release": described.get("release") or "",
                "summary": (described.get("summary") or "")[:300],
                "data": described["data"],
            },
        )
        if not created:
            return event
        until = now + retry_window()
        deliveries = WebhookDelivery.objects.bulk_create(
            [WebhookDelivery(event=event, endpoint=endpoint, retry_until=until) for endpoint in receivers]
        )
        schedule([delivery.pk for delivery in deliveries])
    return event


def retry_window():
    from .delivery import retry_window

    return retry_window()


def who(record) -> str | None:
    return record.history_user.username if record.history_user_id else None


def changes(record, previous, excluded=("created_at", "updated_at")) -> list[dict]:
    """What a '~' record changed, as JSON: field, old, new."""
    from secreleases.history import plain

    if previous is None or record.history_type != "~":
        return []
    delta = record.diff_against(previous, excluded_fields=list(excluded))
    return [{"field": c.field, "old": plain(c.old), "new": plain(c.new)} for c in delta.changes]


def envelope(record, previous, *, release: str, obj: dict, **extra) -> dict:
    """The shared shape of an event's data: the release, the object as the API shows it, who, why, what changed."""
    return {
        "release": release,
        "object": obj,
        "by": who(record),
        "reason": record.history_change_reason or "",
        "changes": changes(record, previous),
        **extra,
    }


def ping(endpoint, by=None):
    """A test event to one endpoint, on request."""
    import uuid

    return publish(
        EventKind.PING,
        f"ping:{uuid.uuid4()}",
        lambda: {"summary": "Test event", "data": {"message": "A test event from SEC Releases.", "by": by}},
        endpoints=[endpoint],
    )
