"""The sweep that re-enqueues lost webhook deliveries, every minute, in django-celery-beat's tables (as the daily
jobs of releases/0005: SECAS may change or disable it in the admin, and beat never writes over it)."""

from django.db import migrations

TASK = "secreleases.tasks.sweep_webhook_deliveries"


def add_sweep(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=60, period="seconds")
    if not PeriodicTask.objects.filter(task=TASK).exists():
        PeriodicTask.objects.create(
            name="Send lost webhook deliveries",
            task=TASK,
            interval=every_minute,
            description="Every minute: deliveries that are due and were never handed to a worker are enqueued.",
        )
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_sweep(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("secreleases", "0006_webhooks"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_sweep, remove_sweep)]
