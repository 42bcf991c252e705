"""Beat's scheduler: django-celery-beat's DatabaseScheduler, which also proves at each tick that it is alive."""

import logging
from pathlib import Path

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)


class HeartbeatScheduler(DatabaseScheduler):
    """Touches settings.BEAT_HEARTBEAT_FILE after each tick (at most every few seconds, as beat loops).

    A beat that hangs or cannot read its schedule stops touching it, and `python -m secreleases.healthcheck
    beat` (the container's health check) reports the file's age.
    """

    def tick(self, *args, **kwargs):
        interval = super().tick(*args, **kwargs)
        try:
            Path(settings.BEAT_HEARTBEAT_FILE).touch()
        except OSError:
            logger.warning("Cannot touch the beat heartbeat file %s", settings.BEAT_HEARTBEAT_FILE, exc_info=True)
        return interval
