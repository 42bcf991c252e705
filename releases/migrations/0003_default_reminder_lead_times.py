from django.db import migrations

DEFAULT_LEAD_DAYS = (28, 14, 7, 1)


def add_defaults(apps, schema_editor):
    ReminderLeadTime = apps.get_model("releases", "ReminderLeadTime")
    for days in DEFAULT_LEAD_DAYS:
        ReminderLeadTime.objects.get_or_create(days=days)


class Migration(migrations.Migration):
    dependencies = [("releases", "0002_baselines_are_immutable")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
