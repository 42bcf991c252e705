"""The compose stack's own commands, run here: migrations, then gunicorn behind Caddy's configuration, a worker
and beat, on a fresh database. Each service's health check passes, and a user signs in through HTTPS.

Everything comes from docker-compose.yml, the Dockerfile and deploy/: the commands, the health checks, the
environment (interpolated as compose would, for SITE_HOST=localhost with Caddy's internal certificate); only
the addresses of PostgreSQL, Redis and gunicorn are this machine's instead of the containers' names.
"""

import http.cookiejar
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

from tests.compose import COMPOSE, interpolate
from tests.compose import app_environment as compose_app_environment
from tests.conftest import IN_CI, ROOT, require_service

CADDY = shutil.which("caddy") or "/usr/bin/caddy"
BIN = Path(sys.executable).parent
PASSWORD = "stack-test-" + secrets.token_urlsafe(8)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(name: str) -> None:
    with psycopg.connect(dbname="postgres", user="postgres", host="127.0.0.1", port=5432, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with psycopg.connect(dbname="postgres", user="postgres", host="127.0.0.1", port=5432, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Stack:
    """The services' processes, each with its log file; stops them all, by process group, at the end."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, argv: list[str], env: dict) -> None:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        self.processes[name] = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def log(self, name: str) -> str:
        return (self.tmp / f"{name}.log").read_text(errors="replace")

    def assert_running(self) -> None:
        for name, process in self.processes.items():
            assert process.poll() is None, f"{name} exited with {process.returncode}:\n{self.log(name)[-3000:]}"

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def command_of(service: str) -> list[str]:
    command = COMPOSE["services"][service]["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def health_check_of(service: str) -> list[str]:
    test = COMPOSE["services"][service]["healthcheck"]["test"]
    assert test[0] == "CMD", f"{service}'s health check should be an exec form (CMD)"
    return list(test[1:])


def run_health_check(service: str, env: dict, replacements: dict | None = None, timeout: float = 120) -> None:
    argv = health_check_of(service)
    for old, new in (replacements or {}).items():
        argv = [part.replace(old, new) for part in argv]
    deadline = time.monotonic() + timeout
    while True:
        done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        if done.returncode == 0:
            return
        assert time.monotonic() < deadline, f"{service}'s health check still fails: {done.stdout}{done.stderr}"
        time.sleep(1)


@pytest.fixture
def stack(tmp_path):
    require_service("postgresql")
    require_service("redis")
    if not Path(CADDY).exists():
        message = "Caddy is not installed; install it with: apt-get install -y caddy"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    database = os.environ.get("TEST_DATABASE_NAME", "test_secreleases") + "_stack"
    fresh_database(database)
    running = Stack(tmp_path)
    yield running, database
    running.stop()
    drop_database(database)


def app_environment(database: str, tmp: Path, web_port: int) -> dict:
    """The x-app environment as compose interpolates it, pointed at this machine's services."""
    compose_env = compose_app_environment(SECRET_KEY=secrets.token_urlsafe(50), SITE_HOST="localhost")
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL"):
        assert re.match(r"^(postgres|redis)://[^/]*@?(db|redis):\d+/", compose_env[name]), compose_env[name]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(compose_env)
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"),
        CACHE_URL=os.environ.get("TEST_REDIS_CACHE_URL", "redis://127.0.0.1:6379/13"),
        MEDIA_ROOT=str(tmp / "media"),
        # What the image holds in /app/var and /dev/shm: here, the test's own folder.
        STATIC_ROOT=str(tmp / "static"),
        BEAT_HEARTBEAT_FILE=str(tmp / "beat-heartbeat"),
        PORT=str(web_port),
        WEB_CONCURRENCY="2",
        PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
    )
    return env


def https_opener(ca_file: Path):
    context = ssl.create_default_context(cafile=str(ca_file))
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), urllib.request.HTTPCookieProcessor(jar)
    )
    return opener, jar


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_compose_services_commands_run_healthy_behind_caddy_and_serve_a_sign_in(stack, tmp_path):
    running, database = stack
    web_port, http_port, https_port, admin_port = free_port(), free_port(), free_port(), free_port()
    env = app_environment(database, tmp_path, web_port)

    # The one-off migrations service, then what the image does at build time (collectstatic), then an admin.
    migrate = subprocess.run(command_of("migrate"), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    build_steps = [line[4:] for line in (ROOT / "Dockerfile").read_text().splitlines() if "collectstatic" in line]
    assert build_steps and build_steps[0].startswith("DJANGO_SETTINGS_MODULE=secreleases.settings.production ")
    collect = subprocess.run(
        ["sh", "-c", build_steps[0]], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert collect.returncode == 0, collect.stderr[-3000:]
    admin_env = {**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}
    create = [
        sys.executable,
        "manage.py",
        "createsuperuser",
        "--noinput",
        "--username",
        "ops",
        "--email",
        "ops@x.example",
    ]
    assert subprocess.run(create, cwd=ROOT, env=admin_env, capture_output=True, timeout=120).returncode == 0

    # The long-running services, as compose starts them.
    running.start("web", command_of("web"), env)
    running.start("worker", command_of("worker"), env)
    running.start("beat", command_of("beat"), env)
    proxy = COMPOSE["services"]["proxy"]
    caddyfile = next(v.split(":")[0] for v in proxy["volumes"] if v.endswith("/etc/caddy/Caddyfile:ro"))
    proxy_env = {
        name: interpolate(str(value), {"SITE_HOST": "localhost"}) for name, value in proxy["environment"].items()
    }
    proxy_env.update(
        SITE_TLS="internal",
        UPSTREAM=f"127.0.0.1:{web_port}",
        HTTP_PORT=str(http_port),
        HTTPS_PORT=str(https_port),
        CADDY_ADMIN=f"127.0.0.1:{admin_port}",
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "caddy-data"),
        XDG_CONFIG_HOME=str(tmp_path / "caddy-config"),
        PATH=os.environ["PATH"],
    )
    caddy = [CADDY if part == "caddy" else part for part in command_of("proxy")]
    caddy = [str(ROOT / caddyfile) if part == "/etc/caddy/Caddyfile" else part for part in caddy]
    running.start("proxy", caddy, proxy_env)

    # Every service's own health check.
    run_health_check("web", env)
    run_health_check("worker", env)
    run_health_check("beat", env)
    run_health_check("proxy", env, {"localhost:2019": f"127.0.0.1:{admin_port}"})
    running.assert_running()

    # HTTPS through Caddy, with the certificate of its internal CA.
    ca = tmp_path / "caddy-data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"
    opener, jar = https_opener(ca)
    site = f"https://localhost:{https_port}"
    with opener.open(f"{site}/healthz", timeout=30) as response:
        assert response.status == 200
        assert json.loads(response.read()) == {
            "status": "ok",
            "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
        }

    plain = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        plain.open(f"http://localhost:{http_port}/releases/", timeout=30)
    assert redirect.value.code in (301, 308)
    # (to the standard HTTPS port, which is where the stack listens; here Caddy's HTTPS port is another)
    assert re.fullmatch(r"https://localhost(:\d+)?/releases/", redirect.value.headers["Location"])

    with opener.open(f"{site}/accounts/login/", timeout=30) as response:
        page = response.read().decode()
        headers = response.headers
    assert "Strict-Transport-Security" in headers
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert re.fullmatch(r"[0-9a-f-]{36}", headers["X-Request-ID"]), "Caddy's request id reaches the app and back"
    csrf_cookie = next(cookie for cookie in jar if cookie.name == "__Host-csrftoken")
    assert csrf_cookie.secure and csrf_cookie.has_nonstandard_attr("HttpOnly")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": "ops", "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
    sign_in = urllib.request.Request(
        f"{site}/accounts/login/", data=form, headers={"Referer": f"{site}/accounts/login/"}
    )
    with opener.open(sign_in, timeout=30) as response:
        assert response.url == f"{site}/"
        assert "Sign out ops" in response.read().decode()

    # The API's docs come from the installed sidecar, with the page's static files served by the app.
    with opener.open(f"{site}/api/docs/", timeout=30) as response:
        docs = response.read().decode()
    css = re.search(r'href="(/static/drf_spectacular_sidecar/[^"]*swagger-ui[^"]*\.css)"', docs).group(1)
    with opener.open(f"{site}{css}", timeout=30) as response:
        assert response.status == 200

    # The web's log is one JSON object a line, each with the request id the proxy gave.
    time.sleep(0.5)
    lines = [json.loads(line) for line in running.log("web").splitlines() if line.startswith("{")]
    requests = [line for line in lines if line["logger"] == "secreleases.request"]
    assert {"method": "GET", "path": "/accounts/login/", "status": 200} in [
        {k: line[k] for k in ("method", "path", "status")} for line in requests
    ]
    assert headers["X-Request-ID"] in {line["request_id"] for line in requests}
    running.assert_running()
