from django.apps import AppConfig


class SecReleasesConfig(AppConfig):
    """The project package as an app: the audit log, the data version, and the receivers that keep them; API tokens;
    the API's remembered idempotent POSTs; webhooks."""

    name = "secreleases"
    label = "secreleases"
    verbose_name = "Security"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate
        from simple_history.signals import post_create_historical_record

        from . import audit, logs, versions
        from .webhooks import events

        audit.connect_signals()
        logs.connect_celery_signals()
        post_migrate.connect(versions.install_triggers, dispatch_uid="secreleases.data_version_triggers")
        # Every history record may announce a webhook event (the apps register which: secreleases/webhooks).
        post_create_historical_record.connect(events.history_record_created, dispatch_uid="secreleases.webhooks")
