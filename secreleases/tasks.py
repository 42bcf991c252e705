"""The project's own job: forgetting Idempotency-Keys once their 24 hours have passed."""

import logging

from celery import shared_task

from .models import IdempotentRequest

logger = logging.getLogger(__name__)


@shared_task
def prune_idempotency_keys() -> int:
    """Delete the remembered answers older than the window (a claim also frees its own expired key)."""
    deleted, _ = IdempotentRequest.objects.expired().delete()
    logger.info("Pruned %s expired Idempotency-Key(s)", deleted)
    return deleted
