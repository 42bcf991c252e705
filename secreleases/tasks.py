"""The project's own jobs: forgetting Idempotency-Keys once their 24 hours have passed; webhook deliveries."""

import logging

from celery import shared_task

from .models import IdempotentRequest
from .webhooks.tasks import deliver_webhook, sweep_webhook_deliveries

__all__ = ["deliver_webhook", "prune_idempotency_keys", "sweep_webhook_deliveries"]

logger = logging.getLogger(__name__)


@shared_task
def prune_idempotency_keys() -> int:
    """Delete the remembered answers older than the window (a claim also frees its own expired key)."""
    deleted, _ = IdempotentRequest.objects.expired().delete()
    logger.info("Pruned %s expired Idempotency-Key(s)", deleted)
    return deleted
