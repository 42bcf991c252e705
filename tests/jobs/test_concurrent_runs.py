"""Two runs at the same moment (two workers, or a retry beside a slow run) send each reminder once."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from releases.models import CutOffReminder
from releases.reminders import send_cut_off_reminders
from tests.conftest import make_user

from .conftest import ON, days

pytestmark = pytest.mark.usefixtures("lead_times")


def test_two_runs_at_once_send_each_reminder_once(transactional_db, targeted, settings):
    settings.CUT_OFF_REMINDER_SEND_DELAY = 0.1  # both runs hold claims at overlapping moments
    everyone = [make_user(f"secas-{n}", "secas", email=f"secas-{n}@secas.example") for n in range(8)]
    targeted(ON + days(7))
    targeted(ON + days(1))
    runs, errors = [], []

    def run():
        try:
            runs.append(send_cut_off_reminders(ON))
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Counter(message.to[0] for message in mail.outbox) == {user.email: 1 for user in everyone}
    assert sum(len(run.emails) for run in runs) == len(everyone)
    assert CutOffReminder.objects.count() == 2 * len(everyone)
