"""Structured logs: one line per request and per error, each carrying the request's id; Sentry when configured.

The id comes from the proxy's X-Request-ID (Caddy makes one per request) or is made here, is echoed in
the response's X-Request-ID, tagged on Sentry events, and stamped on every log line written while the
request (or a Celery task: its task id) runs.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

import sentry_sdk

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from a proxy: an opaque token, short, with nothing that could forge a log line.
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+=/-]{0,127}")
# The health checks run every few seconds: their successes would drown the log.
QUIET_PATHS = ("/healthz",)

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
request_logger = logging.getLogger("secreleases.request")


def current_request_id() -> str | None:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request (or task) being handled, "-" outside one."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get() or "-"
        return True


# The attributes every LogRecord has; anything else on a record was passed as `extra=` and is kept.
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, the `extra=` fields, any traceback."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class RequestLogMiddleware:
    """Gives the request its id, echoes it in the response and logs one line when the response is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if ACCEPTED_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        sentry_sdk.set_tag("request_id", request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            self.log(request, response.status_code, started)
            return response
        finally:
            request_id_var.reset(token)

    def log(self, request, status: int, started: float) -> None:
        if status >= 500:
            level = logging.ERROR
        elif request.path in QUIET_PATHS and status < 400:
            level = logging.DEBUG
        else:
            level = logging.INFO
        if not request_logger.isEnabledFor(level):
            return
        user = getattr(request, "user", None)
        request_logger.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )


def connect_celery_signals() -> None:
    """A task's log lines carry its task id, as a request's carry the request's."""
    from celery.signals import task_postrun, task_prerun

    tokens: dict[str, object] = {}

    def started(task_id=None, **kwargs):
        tokens[task_id] = request_id_var.set(task_id)

    def finished(task_id=None, **kwargs):
        token = tokens.pop(task_id, None)
        if token is not None:
            request_id_var.reset(token)

    task_prerun.connect(started, weak=False, dispatch_uid="secreleases.logs.task_started")
    task_postrun.connect(finished, weak=False, dispatch_uid="secreleases.logs.task_finished")


def init_sentry(dsn: str, *, environment: str, traces_sample_rate: float = 0.0) -> None:
    """Errors (unhandled exceptions, ERROR log lines) of the web processes and the workers go to Sentry."""
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )
