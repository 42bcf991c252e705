"""The two jobs on a real Celery worker (Redis broker, test database): exactly once, even after a kill."""

import re
import time
from collections import Counter

import pytest
import redis
from django.conf import settings

from releases.models import CutOffReminder, ScopeItem
from releases.tasks import lapse_overdue_scope, send_cutoff_reminders
from tests.conftest import WorkerProcess, make_user

from .conftest import ON, days

pytestmark = [pytest.mark.celery_worker, pytest.mark.usefixtures("lead_times")]
SEPARATOR = "\n" + "-" * 79 + "\n"


def messages(worker) -> list[str]:
    """Each email the worker wrote (the file backend appends them to one file per connection)."""
    return [text for content in worker.sent_emails() for text in content.split(SEPARATOR) if text.strip()]


def recipient_counts(worker) -> Counter:
    return Counter(re.search(r"^To: (.+)$", text, re.M).group(1) for text in messages(worker))


def wait_for(condition, timeout=60, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out waiting for {what}")


def wait_until_done(worker, task_id):
    log = worker.email_dir.parent / "worker.log"
    wait_for(lambda: f"[{task_id}] succeeded" in log.read_text(), what=f"task {task_id} to succeed (see {log})")


def forget_unacked_messages():
    """A killed worker's message waits in Redis for the visibility timeout (an hour) before it is
    redelivered; the test re-runs the job itself instead, and must not leave that message to a later test."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete("unacked", "unacked_index")


def test_each_reminder_is_sent_once_when_the_job_runs_twice(celery_worker, secas_user, panel_user, targeted, june):
    june.set_following(panel_user, True)
    whole = targeted(ON + days(7))
    part = targeted(ON + days(14), part="Part 2")

    first = send_cutoff_reminders.delay(ON.isoformat())
    second = send_cutoff_reminders.delay(ON.isoformat())
    wait_until_done(celery_worker, first.id)
    wait_until_done(celery_worker, second.id)

    assert recipient_counts(celery_worker) == {"sally@secas.example": 1, "pat@panel.example": 1}
    assert CutOffReminder.objects.count() == 4
    [to_sally] = [text for text in messages(celery_worker) if "To: sally@secas.example" in text]
    assert f"{whole.modification.reference} '{whole.modification.title}'" in to_sally
    assert f"{part.modification.reference} Part 2" in to_sally
    assert "Cut-off: 9 March 2031 (7-day reminder; 7 days left)" in to_sally
    assert "Fall-back release: the next viable release" in to_sally
    assert "http://localhost:8000/releases/june-2031/" in to_sally


@pytest.fixture
def slow_worker(transactional_db, tmp_path, monkeypatch):
    """A worker that pauses between claiming each recipient's reminders and emailing them."""
    monkeypatch.setenv("CUT_OFF_REMINDER_SEND_DELAY", "0.4")
    email_dir = tmp_path / "emails"
    email_dir.mkdir()
    worker = WorkerProcess(email_dir)
    worker.start()
    yield worker
    worker.stop()


def test_a_worker_killed_in_mid_run_and_the_job_run_again_sends_each_reminder_once(slow_worker, targeted, monkeypatch):
    everyone = [make_user(f"secas-{n}", "secas", email=f"secas-{n}@secas.example") for n in range(12)]
    targeted(ON + days(7))
    targeted(ON + days(1))

    send_cutoff_reminders.delay(ON.isoformat())
    wait_for(lambda: len(messages(slow_worker)) >= 3, what="the first emails")
    slow_worker.kill()
    forget_unacked_messages()

    sent_before_the_kill = len(messages(slow_worker))
    assert 3 <= sent_before_the_kill < len(everyone)
    # Only what was sent stays claimed: the claim the worker held when it died was rolled back.
    assert CutOffReminder.objects.count() == 2 * sent_before_the_kill

    monkeypatch.delenv("CUT_OFF_REMINDER_SEND_DELAY")
    second_worker = WorkerProcess(slow_worker.email_dir)
    second_worker.start()
    try:
        again = send_cutoff_reminders.delay(ON.isoformat())
        wait_until_done(second_worker, again.id)
    finally:
        second_worker.stop()

    assert recipient_counts(second_worker) == {user.email: 1 for user in everyone}
    assert CutOffReminder.objects.count() == 2 * len(everyone)


def test_a_lapse_on_the_worker_moves_items_to_the_right_release_once(
    celery_worker, secas_user, targeted, november, february
):
    to_fall_back = targeted(ON - days(1), fall_back_release=february)
    to_next_viable = targeted(ON - days(2))

    first = lapse_overdue_scope.delay(ON.isoformat())
    wait_until_done(celery_worker, first.id)
    items, history, emails = ScopeItem.objects.count(), ScopeItem.history.count(), len(messages(celery_worker))
    second = lapse_overdue_scope.delay(ON.isoformat())
    wait_until_done(celery_worker, second.id)

    assert ScopeItem.objects.get(replaces=to_fall_back).release == february
    assert ScopeItem.objects.get(replaces=to_next_viable).release == november
    assert ScopeItem.objects.get(pk=to_fall_back.pk).inclusion == "lapsed"
    assert (ScopeItem.objects.count(), ScopeItem.history.count()) == (items, history)
    assert len(messages(celery_worker)) == emails == 1
    [announcement] = messages(celery_worker)
    assert "2 scope items lapsed from the June 2031 SEC Release" in announcement
    assert "Now targeted in: February 2032 SEC Release" in announcement
