"""A version for every release's scope list, kept in the cache, so a conditional GET needs no database.

The scope list shows rows of three models: the scope item, its release's and fall-back release's slugs,
and its modification's reference and title. Any save or delete of one of them replaces the version (a
new random value), which changes every scope list's ETag. Writes are rare next to reads, so one version
for all releases keeps the rule simple and obviously complete.

The version is replaced twice: at once (so the writing request, and a test inside one transaction, sees
the new ETag) and again when the transaction commits (a reader that took the first new version before
the commit may have read the old rows under it; the second replacement makes that ETag stale).

Only a cache that every process shares may hold the version (settings.API_CACHED_ETAGS: Redis in
production, or a single-process run); with a per-process cache the lists fall back to their aggregate.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

SCOPE_LISTS_KEY = "api:scope-lists:version"
# A rendered page is kept under its ETag; an old version's pages are simply never asked for again.
BODY_SECONDS = 600


def enabled() -> bool:
    return getattr(settings, "API_CACHED_ETAGS", False)


def scope_lists_version() -> str:
    """The current version; a missing one (never set, evicted, flushed) starts a new one."""
    version = cache.get(SCOPE_LISTS_KEY)
    if version is None:
        fresh = uuid.uuid4().hex
        version = fresh if cache.add(SCOPE_LISTS_KEY, fresh, timeout=None) else cache.get(SCOPE_LISTS_KEY, fresh)
    return version


def replace_scope_lists_version() -> None:
    cache.set(SCOPE_LISTS_KEY, uuid.uuid4().hex, timeout=None)


def scope_list_changed(sender, **kwargs) -> None:
    if not enabled():
        return
    replace_scope_lists_version()
    transaction.on_commit(replace_scope_lists_version, using=kwargs.get("using"))


def body_key(etag: str, request) -> str:
    """Next/previous links are absolute and the renderer may take parameters (indent): both name the body."""
    return f"api:body:{etag}:{request.accepted_media_type}:{request.build_absolute_uri('/')}"


def connect_signals() -> None:
    """Every model whose rows appear in a scope list (ScopeItemViewSet.list_columns and its filters).

    A data migration saves through historical models, which send no signal to these: a migrate run
    replaces the version too.
    """
    for model in ("releases.ScopeItem", "releases.Release", "modifications.Modification"):
        for signal in (post_save, post_delete):
            signal.connect(scope_list_changed, sender=model, dispatch_uid=f"api-scope-lists-{model}-{signal}")
    post_migrate.connect(scope_list_changed, dispatch_uid="api-scope-lists-migrate")
