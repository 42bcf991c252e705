"""The embedded default for `make run`: SQLite, and a Celery broker kept in files under var/."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("CELERY_BROKER_URL", "filesystem://")
# Webhook receivers on this machine (a test's, a developer's) are allowed here, never in production.
os.environ.setdefault("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR, env  # noqa: E402

if CELERY_BROKER_URL == "filesystem://":  # noqa: F405
    _queue = VAR_DIR / "celery-queue"
    _queue.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(_queue),
        "control_folder": str(_queue / "control"),
        "store_processed": False,
    }

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
