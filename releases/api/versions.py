"""One version of the API's data, kept in the shared cache, so a list's conditional GET needs no database.

A list's ETag is its path and query with this version. Any save or delete of any row of the three
apps (releases, modifications, acceptance) replaces the version with a new random value, which
changes every list's ETag (a history row is written with the row it records, so it needs no
replacement of its own); so does a change to a many-to-many relation and every migrate run (a data
migration saves through historical models, which send no signal to these).
Writes are rare next to the polls of integrations, so one version for everything keeps the rule
obviously complete: no list can forget a model it shows. Code that writes with `QuerySet.update()`,
`bulk_create()` or raw SQL sends no signal and must call `replace()` itself.

The version is replaced twice: at once (so the writing request, and a test inside one transaction,
sees the new ETag) and again when the transaction commits (a reader that took the first new version
before the commit may have read the old rows under it; the second replacement makes that ETag stale).
A rendered page is kept under its ETag, so an unchanged page is served without a query.

Only a cache that every process shares may hold the version (settings.API_CACHED_ETAGS: Redis in
production, or a single-process run); with a per-process cache the lists fall back to an aggregate
ETag of their own rows, and so do reads while Redis cannot be reached. With Redis the version is read
through its tracking (secreleases/cache.py): a process keeps it until Redis says it changed.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "api:data:version"
VERSIONED_APPS = frozenset({"releases", "modifications", "acceptance"})
# A rendered page is kept under its ETag; an old version's pages are simply never asked for again.
PAGE_SECONDS = 600


UNAVAILABLE_MESSAGE = "The shared cache (Redis) cannot be reached, so nothing was saved. Try again shortly."
RETRY_AFTER_SECONDS = 30


class SharedCacheUnavailable(Exception):
    """Redis could not be reached: a read falls back to its own rows, a write is refused (503)."""


def enabled() -> bool:
    return getattr(settings, "API_CACHED_ETAGS", False)


def current() -> str:
    """The current version; a missing one (never set, evicted, flushed) starts a new one."""
    read = getattr(cache, "get_tracked", cache.get)
    try:
        version = read(VERSION_KEY)
        if version is None:
            fresh = uuid.uuid4().hex
            version = fresh if cache.add(VERSION_KEY, fresh, timeout=None) else cache.get(VERSION_KEY, fresh)
    except RedisError as error:
        raise SharedCacheUnavailable(str(error)) from error
    return version


def replace() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except RedisError as error:
        # The change must not be saved under a version that polls would still find current.
        raise SharedCacheUnavailable(str(error)) from error


def data_changed(sender=None, **kwargs) -> None:
    if not enabled():
        return
    replace()
    replace_on_commit(kwargs.get("using"))


def replace_on_commit(using) -> None:
    """Once per atomic block, however many rows it writes; a savepoint rolled back drops its own."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block:
        block = set(connection.savepoint_ids)
        if any(callback is replace and sids == block for sids, callback, _ in connection.run_on_commit):
            return
    transaction.on_commit(replace, using=using)


def row_changed(sender, **kwargs) -> None:
    if sender._meta.app_label not in VERSIONED_APPS:
        return
    if sender._meta.model_name.startswith("historical"):
        return  # written with the row it records, whose own signal has replaced the version already
    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # a sign-in: no list shows when someone last signed in
    data_changed(**kwargs)


def kept_page(key: str):
    """(content type, bytes) of a page rendered earlier under this key, or None."""
    try:
        return cache.get(key)
    except RedisError:
        logger.warning("The shared cache could not be read; the page is built again.", exc_info=True)
        return None


def keep_page(key: str, response) -> None:
    try:
        cache.set(key, (response["Content-Type"], response.content), PAGE_SECONDS)
    except RedisError:
        logger.warning("The shared cache could not keep a page.", exc_info=True)


def page_key(etag: str, request) -> str:
    """Next/previous links are absolute and the renderer may take parameters (indent): both name the page."""
    return f"api:page:{etag}:{request.accepted_media_type}:{request.build_absolute_uri('/')}"


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(row_changed, dispatch_uid=f"api-data-version-{signal}")
    post_migrate.connect(data_changed, dispatch_uid="api-data-version-migrate")
