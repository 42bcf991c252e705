from django.apps import AppConfig


class ModificationsConfig(AppConfig):
    name = "modifications"
    verbose_name = "Modifications and change requests"

    def ready(self):
        from . import webhooks

        webhooks.register_sources()
