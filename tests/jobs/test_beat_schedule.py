"""Both jobs are on beat's schedule at 07:00 UK time, in rows SECAS can edit and beat does not overwrite."""

import pytest
from django.conf import settings
from django_celery_beat.models import PeriodicTask

from secreleases.celery import app

JOBS = {"releases.tasks.send_cutoff_reminders", "releases.tasks.lapse_overdue_scope"}

# The rows come from migration 0005. pytest-django runs these plain database tests before any
# transactional test, whose flush would remove them.
pytestmark = pytest.mark.django_db


def test_the_schedule_holds_both_jobs_at_seven_uk_time():
    # What beat's DatabaseScheduler reads (its all_as_schedule() only lists jobs due near the hour).
    jobs = {task.task: task.schedule for task in PeriodicTask.objects.filter(enabled=True, task__in=JOBS)}
    assert set(jobs) == JOBS
    for crontab in jobs.values():
        assert (crontab.hour, crontab.minute) == ({7}, {0})
        assert str(crontab.tz) == "Europe/London"


def test_a_change_secas_makes_survives_beat_starting_again():
    task = PeriodicTask.objects.get(task="releases.tasks.lapse_overdue_scope")
    task.enabled = False
    task.save()

    # At each start beat's DatabaseScheduler.setup_schedule() writes app.conf.beat_schedule over the
    # rows of the same name; there is none, so what SECAS set stays (the scheduler itself commits
    # and closes connections, so it cannot run inside a test transaction).
    from django.utils.module_loading import import_string
    from django_celery_beat.schedulers import DatabaseScheduler

    scheduler = import_string(settings.CELERY_BEAT_SCHEDULER.replace(":", "."))
    assert issubclass(scheduler, DatabaseScheduler) and "setup_schedule" not in vars(scheduler)
    assert not app.conf.beat_schedule

    assert not PeriodicTask.objects.get(task="releases.tasks.lapse_overdue_scope").enabled
