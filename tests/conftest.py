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
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from releases.models import User

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


def api_client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
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


# -- the app in gunicorn, as it runs in production ----------------------------------------------------

GUNICORN_PORTS = range(8400, 8500)


def free_port() -> int:
    for port in GUNICORN_PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {GUNICORN_PORTS}")


class GunicornServer:
    """`gunicorn secreleases.wsgi` with several workers, on the test database (or the one `env` names)."""

    def __init__(self, log_dir: Path, workers: int = 3, **env):
        self.log_dir = log_dir
        self.workers = workers
        self.extra_env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> "GunicornServer":
        from django.conf import settings

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = os.environ.copy()
        env.update(
            DJANGO_SETTINGS_MODULE="secreleases.settings.test",
            DATABASE_URL=url_of_the_test_database(),
            CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            CONN_MAX_AGE="0",
        )
        env.update(self.extra_env)
        self.log = open(self.log_dir / "gunicorn.log", "ab")  # noqa: SIM115
        command = [sys.executable, "-m", "gunicorn", "secreleases.wsgi", "-w", str(self.workers)]
        command += ["-b", f"127.0.0.1:{self.port}", "--timeout", "60", "--graceful-timeout", "5", "--no-control-socket"]
        self.process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.wait_until_ready()
        return self

    def wait_until_ready(self, timeout: float = 60) -> None:
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log.name}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    """gunicorn(**env) starts the app with three workers; data must be committed (transactional_db) to be seen."""
    servers = []

    def start(**env) -> GunicornServer:
        server = GunicornServer(tmp_path, **env).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
