from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = "Releases"

    def ready(self):
        from secreleases.roles import ensure_role_groups

        post_migrate.connect(ensure_role_groups, dispatch_uid="releases.ensure_role_groups")

        from . import imports, webhooks

        webhooks.register_sources()

        from simple_history.signals import post_create_historical_record

        from . import news

        post_create_historical_record.connect(news.history_record_created, dispatch_uid="releases.news")
        imports.register_importer()

        from secreleases import asat

        from . import asat_pages

        asat.provide(asat_pages)
