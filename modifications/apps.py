from django.apps import AppConfig


class ModificationsConfig(AppConfig):
    name = "modifications"
    verbose_name = "Modifications and change requests"

    def ready(self):
        from . import imports, webhooks

        webhooks.register_sources()
        imports.register_importer()
