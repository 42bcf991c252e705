"""Webhook receivers, a worker whose retries come quickly, and a November 2020 like the demo's."""

import datetime
import time

import pytest

from tests.conftest import WorkerProcess, require_service

from .receiver import Receiver


@pytest.fixture
def receiver():
    """A receiver on 127.0.0.1 that answers 200 (`receiver.status` and `.delay` change that)."""
    running = Receiver()
    yield running
    running.stop()


@pytest.fixture
def quick_retries(settings, monkeypatch):
    """Retries after 0.5, 1, 2 s..., for 4 s: here and in a worker started after this fixture."""
    values = {
        "WEBHOOK_RETRY_FIRST_SECONDS": 0.5,
        "WEBHOOK_RETRY_MAX_SECONDS": 2.0,
        "WEBHOOK_RETRY_WINDOW_SECONDS": 4.0,
        "WEBHOOK_CONNECT_TIMEOUT_SECONDS": 1.0,
        "WEBHOOK_READ_TIMEOUT_SECONDS": 2.0,
    }
    for name, value in values.items():
        setattr(settings, name, value)
        monkeypatch.setenv(name, str(value))
    return values


@pytest.fixture
def webhook_worker(transactional_db, tmp_path, quick_retries):
    """A real Celery worker on Redis, started with the quick retries."""
    require_service("redis")
    email_dir = tmp_path / "emails"
    email_dir.mkdir()
    worker = WorkerProcess(email_dir)
    worker.start()
    yield worker
    worker.stop()


def wait_until(condition, timeout: float = 60, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


d = datetime.date
