"""The containers' health checks: `python -m secreleases.healthcheck web|worker|beat` exits 0 when healthy.

web: GET /healthz on this container's gunicorn (database, cache, broker); worker: this host's Celery worker
answers a ping through the broker; beat: it touched its heartbeat file within BEAT_STALE_SECONDS.
"""

import os
import socket
import sys
import time
import urllib.error
import urllib.request

BEAT_STALE_SECONDS = 60


def web() -> str | None:
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
    except urllib.error.HTTPError as error:
        return f"{url} answered {error.code}: {error.read().decode(errors='replace')}"
    except OSError as error:
        return f"{url}: {error}"
    return None


def worker() -> str | None:
    from secreleases.celery import app

    node = f"celery@{socket.gethostname()}"
    if not app.control.ping(destination=[node], timeout=5):
        return f"{node} did not answer a ping"
    return None


def beat() -> str | None:
    from django.conf import settings

    try:
        age = time.time() - os.path.getmtime(settings.BEAT_HEARTBEAT_FILE)
    except OSError:
        return f"beat has not ticked yet ({settings.BEAT_HEARTBEAT_FILE} is missing)"
    if age > BEAT_STALE_SECONDS:
        return f"beat last ticked {age:.0f} s ago"
    return None


def main(argv: list[str]) -> int:
    checks = {"web": web, "worker": worker, "beat": beat}
    if len(argv) != 1 or argv[0] not in checks:
        print(f"usage: python -m secreleases.healthcheck {'|'.join(checks)}", file=sys.stderr)
        return 2
    problem = checks[argv[0]]()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
