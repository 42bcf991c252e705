from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = "Releases"

    def ready(self):
        from .api.versions import connect_signals
        from .roles import ensure_role_groups

        connect_signals()

        # Sent once per app; the last domain app's signal comes after all their permissions exist.
        post_migrate.connect(ensure_role_groups, dispatch_uid="releases.ensure_role_groups")
