"""Django's RedisCache, keeping one redis client per connection pool, with tracked reads for hot keys.

`cache.get_tracked(key)` answers from this process's memory until Redis says the key changed: Redis's
server-assisted client-side caching (CLIENT TRACKING over RESP3), which needs Redis 6 or later. Redis
remembers which keys a tracking connection read and pushes an `invalidate` message on that same
connection when one of them is written, deleted, expires or is evicted, or the database is flushed.
On one connection the push always follows the reply it invalidates, so a read that first drains what
has arrived (a non-blocking look at the socket, a few microseconds) never answers with a value Redis
has already replaced. A lost connection loses the tracking: everything kept is forgotten and the next
read asks Redis again.
"""

import os
import threading

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient, RedisSerializer
from redis import ConnectionPool
from redis.exceptions import RedisError


class ReusedClients(RedisCacheClient):
    """redis.Redis fills a table of some 170 response callbacks in __init__: about 0.15 ms, more than the
    GET itself, on every cache call. A client is safe to share between threads (its pool hands out
    connections), so each pool gets one."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if pool not in clients:
            clients[pool] = self._client(connection_pool=pool)
        return clients[pool]


class TrackedReads:
    """Raw values of the keys this process read, each kept until Redis pushes its invalidation."""

    def __init__(self, url: str, **connection_options):
        pool = ConnectionPool.from_url(url, protocol=3, **connection_options)
        self._connection_class = pool.connection_class
        self._connection_kwargs = pool.connection_kwargs
        self._lock = threading.Lock()
        self._connection = None
        self._pid = None
        self.client_id = None  # Redis's id for the tracking connection (CLIENT LIST shows it)
        self._values: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        with self._lock:
            try:
                return self._read(key)
            except (RedisError, OSError):
                # Most often Redis restarted or closed an idle connection: the tracking went with it.
                self._disconnect()
            try:
                return self._read(key)
            except (RedisError, OSError):
                self._disconnect()
                raise

    def _read(self, key: str) -> bytes | None:
        connection = self._tracking_connection()
        self._drain_invalidations(connection)
        if key in self._values:
            return self._values[key]
        connection.send_command("GET", key)
        value = connection.read_response()
        if value is not None:
            # A missing key is not kept: whoever finds it missing sets it, and then reads again.
            self._values[key] = value
        return value

    def forget(self, key: str) -> None:
        """This process has just written the key: drop its copy without waiting for the push."""
        with self._lock:
            self._values.pop(key, None)

    def _tracking_connection(self):
        if self._connection is None or self._pid != os.getpid():
            # A forked child must not share its parent's socket (gunicorn forks its workers).
            self._values.clear()
            connection = self._connection_class(**self._connection_kwargs)
            connection.connect()
            connection._parser.set_invalidation_push_handler(self._on_invalidation)
            connection.send_command("CLIENT", "TRACKING", "ON")
            connection.read_response()
            self._connection, self._pid = connection, os.getpid()
            self.client_id = connection.handshake_metadata.get(b"id")
        return self._connection

    def _drain_invalidations(self, connection) -> None:
        while connection.can_read(timeout=0):
            connection.read_response(push_request=True, timeout=0)

    def _on_invalidation(self, message) -> None:
        _, keys = message
        if keys is None:  # FLUSHDB or FLUSHALL
            self._values.clear()
            return
        for key in keys:
            self._values.pop(key.decode() if isinstance(key, bytes) else key, None)

    def _disconnect(self) -> None:
        self._values.clear()
        if self._connection is not None and self._pid == os.getpid():
            self._connection.disconnect()
        self._connection = None


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
        timeouts = {name: value for name, value in self._options.items() if name.startswith("socket_")}
        self._tracked = TrackedReads(self._servers[0], **timeouts)
        self._tracked_serializer = RedisSerializer()

    def get_tracked(self, key, default=None, version=None):
        """Like get(), answered from this process's memory while Redis has not changed the key."""
        value = self._tracked.get(self.make_and_validate_key(key, version=version))
        return default if value is None else self._tracked_serializer.loads(value)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        super().set(key, value, timeout, version=version)
        self._tracked.forget(self.make_and_validate_key(key, version=version))

    def delete(self, key, version=None):
        deleted = super().delete(key, version=version)
        self._tracked.forget(self.make_and_validate_key(key, version=version))
        return deleted
