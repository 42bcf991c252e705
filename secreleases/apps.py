from django.apps import AppConfig


class SecReleasesConfig(AppConfig):
    """The project package as an app: the audit log, its admin and the signal receivers that fill it; API tokens;
    the API's remembered idempotent POSTs."""

    name = "secreleases"
    label = "secreleases"
    verbose_name = "Security"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import audit, logs

        audit.connect_signals()
        logs.connect_celery_signals()
