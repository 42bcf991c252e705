"""Expired Idempotency-Keys are deleted every hour, by a row in django-celery-beat's tables (see releases/0005)."""

from django.db import migrations
from django.utils import timezone

TASK = "secreleases.tasks.prune_idempotency_keys"


def add_hourly_job(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    hourly, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    if not PeriodicTask.objects.filter(task=TASK).exists():
        PeriodicTask.objects.create(
            name="Forget expired Idempotency-Keys",
            task=TASK,
            interval=hourly,
            description="Hourly; an API POST's Idempotency-Key is kept 24 hours.",
        )
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_hourly_job(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("secreleases", "0004_hash_the_drf_tokens"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_hourly_job, remove_hourly_job)]
