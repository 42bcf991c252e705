"""GET /healthz: can this process reach the database, the cache and the broker? 200 if all, 503 if not."""

import logging
import os

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
BROKER_TIMEOUT_SECONDS = 3


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def shared_cache() -> None:
    key = f"healthz:{os.getpid()}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was just stored")


def broker() -> None:
    from secreleases.celery import app

    with app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1)


CHECKS = {"database": database, "cache": shared_cache, "broker": broker}


@login_not_required
@never_cache
def healthz(request):
    """{"status": "ok"|"failing", "checks": {name: "ok" | "failing: <error class>"}}; never the error's text."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # a check that fails in any way is a failing check, never a 500
            logger.warning("Health check %s failed", name, exc_info=True)
            results[name] = f"failing: {type(error).__name__}"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": results}, status=200 if healthy else 503)
