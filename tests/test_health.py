"""/healthz answers for the database, the cache and the broker, without a login or HTTPS; the containers'
health checks (python -m secreleases.healthcheck) exit 0 only when their service is well."""

import os
import subprocess
import sys
import time

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from secreleases import health
from secreleases.celery import app
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def test_it_answers_ok_for_each_service_without_a_login(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_a_broker_that_cannot_be_reached_answers_503_naming_it(client, monkeypatch):
    monkeypatch.setattr(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["broker"].startswith("failing: ")
    assert (body["checks"]["database"], body["checks"]["cache"]) == ("ok", "ok")


def test_a_cache_that_cannot_be_reached_answers_503_naming_it(client, monkeypatch):
    monkeypatch.setattr(health, "cache", RedisCache("redis://127.0.0.1:1/0", {}))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failing: ConnectionError", "broker": "ok"}


def test_a_database_that_cannot_be_queried_answers_503_naming_it(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing: OperationalError"
    assert "connection refused" not in response.content.decode()


def run_healthcheck(*args, **env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "secreleases.settings.test", **env}
    return subprocess.run(
        [sys.executable, "-m", "secreleases.healthcheck", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_beat_check_passes_on_a_fresh_heartbeat_and_fails_on_a_stale_or_missing_one(tmp_path):
    heartbeat = tmp_path / "beat-heartbeat"
    assert run_healthcheck("beat", BEAT_HEARTBEAT_FILE=str(heartbeat)).returncode == 1

    heartbeat.touch()
    assert run_healthcheck("beat", BEAT_HEARTBEAT_FILE=str(heartbeat)).returncode == 0

    an_hour_ago = time.time() - 3600
    os.utime(heartbeat, (an_hour_ago, an_hour_ago))
    stale = run_healthcheck("beat", BEAT_HEARTBEAT_FILE=str(heartbeat))
    assert stale.returncode == 1
    assert "beat last ticked 3600 s ago" in stale.stderr


def test_the_web_check_fails_when_nothing_answers_and_an_unknown_check_is_a_usage_error():
    down = run_healthcheck("web", PORT="1")
    assert down.returncode == 1
    assert "http://127.0.0.1:1/healthz" in down.stderr
    assert run_healthcheck("proxy").returncode == 2


def test_production_answers_healthz_over_plain_http_and_redirects_everything_else():
    from tests.test_deployment import production_env, run_manage

    code = (
        "from django.test import Client; c = Client(); "
        "print(c.get('/healthz').status_code, c.get('/releases/').status_code, c.get('/releases/')['Location'])"
    )
    result = run_manage("shell", "--no-imports", "-c", code, **production_env(ALLOWED_HOSTS="testserver"))
    assert result.stdout.split() == ["200", "301", "https://testserver/releases/"], result.stderr
