"""The webhook tasks: one attempt of a delivery, and the sweep that re-enqueues lost ones."""

from celery import shared_task


@shared_task(name="secreleases.tasks.deliver_webhook", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_webhook(delivery_id: int, attempt_number: int) -> str:
    """Idempotent: an attempt already made, or a delivery already settled, is left alone."""
    from .delivery import attempt

    return attempt(delivery_id, attempt_number)


@shared_task(name="secreleases.tasks.sweep_webhook_deliveries", ignore_result=True)
def sweep_webhook_deliveries() -> int:
    from .delivery import sweep

    return sweep()
