"""gunicorn for the compose stack's web service: `gunicorn secreleases.wsgi:application -c deploy/gunicorn.conf.py`."""

import os

bind = [f"0.0.0.0:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# RID PDFs render on the worker, so no request needs long; a stuck one is cut off.
timeout = 60
graceful_timeout = 30
# Django writes one line per request, with its id (secreleases/logs.py): no second access log here.
accesslog = None
errorlog = "-"
# Worker heartbeats in memory: a container's /tmp may be on a slow overlay filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's control socket (in $HOME) is not used: compose restarts the container instead.
control_socket_disable = True
