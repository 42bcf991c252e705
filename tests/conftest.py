"""Shared fixtures: the cast of users, API clients, service checks, a real Celery worker, Chromium."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from releases.models import User
from secreleases.models import ApiToken

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SERVICES = {
    "postgresql": (
        "127.0.0.1",
        5432,
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    "redis": (
        "127.0.0.1",
        6379,
        'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    ),
}
_service_state: dict[str, bool] = {}


def service_is_up(name: str) -> bool:
    if name not in _service_state:
        host, port, _ = SERVICES[name]
        try:
            with socket.create_connection((host, port), timeout=1):
                _service_state[name] = True
        except OSError:
            _service_state[name] = False
    return _service_state[name]


def require_service(name: str) -> None:
    """Outside CI a missing service skips the test with how to start it; in CI it fails."""
    if service_is_up(name):
        return
    message = f"{name} is not running on {SERVICES[name][0]}:{SERVICES[name][1]}; start it with: {SERVICES[name][2]}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def pytest_runtest_setup(item):
    fixtures = set(getattr(item, "fixturenames", ()))
    if item.get_closest_marker("django_db") or fixtures & {"db", "transactional_db", "live_server"}:
        require_service("postgresql")
    if item.get_closest_marker("celery_worker") or "celery_worker" in fixtures:
        require_service("redis")
    if item.get_closest_marker("browser") and not Path(CHROMIUM).exists():
        message = f"Chromium is not installed at {CHROMIUM}; install it with: apt-get install -y chromium"
        pytest.fail(message) if IN_CI else pytest.skip(message)


@pytest.fixture(autouse=True)
def data_version_replaced_at_each_write(request):
    """A test's transaction is rolled back, never committed, so the data version's trigger (deferred to
    commit in production, secreleases/versions.py) is made to run at each write: a test then sees the
    version change after a write as a client does after the write's commit."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server", "gunicorn", "celery_worker"} & set(request.fixturenames)
    if "db" in request.fixturenames and not transactional and not (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("db")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS secreleases_data_version IMMEDIATE")


# -- the cast --------------------------------------------------------------------------------------


def make_user(username: str, group: str | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password="correct-horse-battery", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def secas_user(db):
    """An editor: SECAS staff."""
    return make_user("sally-secas", "secas", email="sally@secas.example")


@pytest.fixture
def dcc_user(db):
    return make_user("dan-dcc", "dcc", email="dan@dcc.example")


@pytest.fixture
def panel_user(db):
    """A reader: a Panel member."""
    return make_user("pat-panel", "panel", email="pat@panel.example")


@pytest.fixture
def outsider(db):
    """Signed in, but in no role."""
    return make_user("olly-outsider", email="olly@example.com")


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@secas.example", "correct-horse-battery")


def token_for(user, *, name: str = "Tests", **options) -> str:
    """A new API token's key for `user` (a name of its own each time)."""
    _, key = ApiToken.objects.issue(user, name=ApiToken.objects.unused_name(user, name), **options)
    return key


def api_client_for(user, **token_options) -> APIClient:
    """An API client sending a new token of `user` (None: anonymous); token_options as ApiToken.objects.issue's."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user, **token_options)}")
    return client


@pytest.fixture
def api_as():
    """api_as(user) gives an API client authenticated by the user's token (None: anonymous)."""
    return api_client_for


# -- a real Celery worker on Redis -------------------------------------------------------------------


def url_of_the_test_database() -> str:
    """The test database, for a server or worker the tests start in another process."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{database['USER']}@{host}:{port}/{database['NAME']}"


class WorkerProcess:
    """A `celery worker` in its own process, on the test database and the real broker."""

    def __init__(self, email_dir: Path):
        self.email_dir = email_dir
        self.process: subprocess.Popen | None = None

    def environment(self) -> dict:
        from django.conf import settings

        env = os.environ.copy()
        env.update(
            DJANGO_SETTINGS_MODULE="secreleases.settings.test",
            DATABASE_URL=url_of_the_test_database(),
            CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(self.email_dir),
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
        )
        return env

    def start(self) -> None:
        env = self.environment()
        celery = [sys.executable, "-m", "celery", "-A", "secreleases"]
        subprocess.run(celery + ["purge", "-f"], env=env, cwd=ROOT, capture_output=True, timeout=60)
        self.log = open(self.email_dir.parent / "worker.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            celery + ["worker", "--pool=solo", "--loglevel=INFO", "--without-heartbeat", "--without-gossip"],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_until_ready(env)

    def wait_until_ready(self, env, timeout=60) -> None:
        from secreleases.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The Celery worker exited; see {self.log.name}")
            replies = app.control.ping(timeout=1)
            if replies:
                return
        raise RuntimeError("The Celery worker did not answer a ping within a minute")

    def kill(self) -> None:
        """Kill the worker abruptly (SIGKILL), as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def sent_emails(self) -> list[str]:
        return [path.read_text() for path in sorted(self.email_dir.glob("*.log"))]

    def clear_emails(self) -> None:
        shutil.rmtree(self.email_dir, ignore_errors=True)
        self.email_dir.mkdir(parents=True)


@pytest.fixture
def celery_worker(transactional_db, tmp_path):
    """A real worker on Redis for one test; data must be committed (transactional_db) to be seen."""
    require_service("redis")
    email_dir = tmp_path / "emails"
    email_dir.mkdir()
    worker = WorkerProcess(email_dir)
    worker.start()
    yield worker
    worker.stop()


# -- gunicorn on the test database -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class GunicornServer:
    """`gunicorn` with several workers on the test database, as production runs it, for races and outages."""

    def __init__(self, log_dir: Path, workers: int = 3, **env_overrides):
        from django.conf import settings

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = os.environ.copy()
        env.update(
            DJANGO_SETTINGS_MODULE="secreleases.settings.test",
            DATABASE_URL=url_of_the_test_database(),
            CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
        )
        env.update(env_overrides)
        self.log = open(log_dir / "gunicorn.log", "ab")  # noqa: SIM115
        command = [sys.executable, "-m", "gunicorn", "secreleases.wsgi:application", "--workers", str(workers)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--timeout", "60"]
        self.process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_until_ready(self, timeout=30) -> None:
        """Until it answers /healthz at all: a 503 (say Redis is down on purpose) is an answer too."""
        import urllib.error
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log.name}")
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=10)
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 30 seconds")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    """gunicorn(workers=3, **env) starts a server on the test database; data must be committed to be seen."""
    servers = []

    def start(workers: int = 3, **env_overrides) -> GunicornServer:
        server = GunicornServer(tmp_path, workers, **env_overrides)
        servers.append(server)
        server.wait_until_ready()
        return server

    yield start
    for server in servers:
        server.stop()


# -- slow tests: a real worker, gunicorn or a browser ----------------------------------------------------

SLOW_FIXTURES = {"celery_worker", "gunicorn", "live_server", "page"}


def pytest_collection_modifyitems(items):
    """CI runs everything; `pytest -m "not slow"` leaves out what starts processes or a browser."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


# -- Chromium through Playwright ---------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
