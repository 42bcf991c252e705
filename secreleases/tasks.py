"""Celery tasks of the project package (autodiscovered as `secreleases.tasks`)."""

from .webhooks.tasks import deliver_webhook, sweep_webhook_deliveries

__all__ = ["deliver_webhook", "sweep_webhook_deliveries"]
