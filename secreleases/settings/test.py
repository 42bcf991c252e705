"""Tests run on a real PostgreSQL and Redis (local defaults, overridable)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/secreleases")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("ALLOWED_HOSTS", "*")
# Generous rates, so only the throttling tests (which set their own) meet a 429.
os.environ.setdefault("API_THROTTLE_USER", "100000/minute")
os.environ.setdefault("API_THROTTLE_UNAUTHENTICATED", "100000/minute")
os.environ.setdefault("API_THROTTLE_TOKEN", "100000/minute")
# Webhook receivers on this machine (a test's, a developer's) are allowed here, never in production.
os.environ.setdefault("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true")

from .base import *  # noqa: E402,F403
from .base import DATABASES, VAR_DIR, env  # noqa: E402

DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_secreleases")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# pytest-django forces locmem in the test process; a Celery worker started by the tests
# (tests/conftest.py) writes its emails to files, named by these two variables.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "test-emails"))
# Seconds a worker waits between claiming a cut-off reminder and sending it, so a test can kill it there.
CUT_OFF_REMINDER_SEND_DELAY = env.float("CUT_OFF_REMINDER_SEND_DELAY", default=0)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "test-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
