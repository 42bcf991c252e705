"""Each request and each error is one structured log line carrying the request's id, which the response echoes;
errors also go to Sentry when SENTRY_DSN is set."""

import gzip
import io
import json
import logging
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest
from django.test import Client

from secreleases.logs import JsonFormatter, RequestIdFilter
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """The lines the console handler would write with LOG_FORMAT=json, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_a_request_gets_an_id_that_its_response_and_its_log_line_carry(client, json_log, secas_user):
    client.force_login(secas_user)

    response = client.get("/planning/")

    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    line = next(line for line in json_log() if line["logger"] == "secreleases.request")
    assert line["message"] == "GET /planning/ 200"
    assert {k: line[k] for k in ("level", "method", "path", "status", "user_id", "request_id")} == {
        "level": "INFO",
        "method": "GET",
        "path": "/planning/",
        "status": 200,
        "user_id": secas_user.pk,
        "request_id": request_id,
    }
    assert line["duration_ms"] >= 0


def test_the_proxys_request_id_is_kept(client, json_log):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="4d5de76b-880f-454a-8a53-3bf678638739")

    assert response["X-Request-ID"] == "4d5de76b-880f-454a-8a53-3bf678638739"
    assert json_log()[-1]["request_id"] == "4d5de76b-880f-454a-8a53-3bf678638739"


@pytest.mark.parametrize("offered", ["two words", "forged\nline", "x" * 200, "<script>", ""])
def test_a_request_id_that_is_not_a_plain_token_is_replaced(client, offered):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID=offered)

    assert response["X-Request-ID"] != offered
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.urls("tests.error_urls")
def test_an_error_is_one_json_line_with_its_traceback_and_the_request_id(json_log):
    response = Client(raise_request_exception=False).get("/fail/")

    assert response.status_code == 500
    errors = [line for line in json_log() if line["level"] == "ERROR"]
    logged = next(line for line in errors if line["logger"] == "django.request")
    assert logged["request_id"] == response["X-Request-ID"]
    assert "ReleaseTrainDerailed: the release train derailed" in logged["exception"]
    request_line = next(line for line in errors if line["logger"] == "secreleases.request")
    assert (request_line["status"], request_line["request_id"]) == (500, response["X-Request-ID"])


def test_the_health_checks_successes_stay_out_of_the_log(client, json_log):
    client.get("/healthz")

    assert not [line for line in json_log() if line["logger"] == "secreleases.request"]


class SentryStandIn(BaseHTTPRequestHandler):
    """Receives what the Sentry SDK sends (envelopes), as sentry.io would."""

    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


def run_with_settings(code: str, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "secreleases.settings.test", **env}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


FAIL_ONCE = """
import django, sentry_sdk
django.setup()
from django.test import Client, override_settings
with override_settings(ROOT_URLCONF="tests.error_urls"):
    response = Client(raise_request_exception=False).get("/fail/")
sentry_sdk.flush(timeout=10)
print(response.status_code, response["X-Request-ID"], sentry_sdk.get_client().is_active())
"""


def test_with_a_sentry_dsn_an_error_reaches_sentry_tagged_with_the_request_id():
    SentryStandIn.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dsn = f"http://0123456789abcdef0123456789abcdef@127.0.0.1:{server.server_port}/42"
        result = run_with_settings(FAIL_ONCE, SENTRY_DSN=dsn, SENTRY_ENVIRONMENT="ci")
    finally:
        server.shutdown()

    status, request_id, active = result.stdout.split()
    assert (status, active) == ("500", "True"), result.stderr[-2000:]
    events = [
        json.loads(item)
        for envelope in SentryStandIn.received
        for item in envelope.splitlines()
        if item.startswith(b"{") and b'"exception"' in item
    ]
    assert events, SentryStandIn.received
    event = events[0]
    assert event["exception"]["values"][-1]["type"] == "ReleaseTrainDerailed"
    assert event["tags"]["request_id"] == request_id
    assert event["environment"] == "ci"


def test_without_a_sentry_dsn_nothing_is_sent():
    result = run_with_settings(FAIL_ONCE, SENTRY_DSN="")

    assert result.stdout.split()[0] == "500", result.stderr[-2000:]
    assert result.stdout.split()[2] == "False"
