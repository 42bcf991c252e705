"""The two daily jobs live in django-celery-beat's tables, made once here, so SECAS edits them in the admin.

Settings' CELERY_BEAT_SCHEDULE would be written over these rows at every beat start and undo
SECAS's changes, so the defaults are created by this migration instead, and never re-applied.
"""

from django.db import migrations

TIME_ZONE = "Europe/London"
JOBS = (
    ("Send cut-off reminders", "releases.tasks.send_cutoff_reminders"),
    ("Lapse overdue scope", "releases.tasks.lapse_overdue_scope"),
)


def add_daily_jobs(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    seven_am, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*", timezone=TIME_ZONE
    )
    for name, task in JOBS:
        if not PeriodicTask.objects.filter(task=task).exists():
            PeriodicTask.objects.create(
                name=name,
                task=task,
                crontab=seven_am,
                description="Daily at 07:00 UK time; SECAS may change the time or disable it here.",
            )
    # A running beat reloads its schedule when this row's time moves.
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_daily_jobs(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=[task for _, task in JOBS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("releases", "0004_rid_version_date_may_be_unknown"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_daily_jobs, remove_daily_jobs)]
