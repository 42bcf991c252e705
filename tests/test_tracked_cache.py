"""Tracked reads on the real Redis: a process answers from memory, and never after Redis changed the key.

Each `RedisCache` here stands for one process (a gunicorn worker): its own connections, its own memory.
After a write, the tests let Redis answer one more command before reading; Redis writes the pushes a
command causes before it reads the next one, as a write's second (on-commit) replacement does in the
application.
"""

import os

import pytest
import redis

from secreleases.cache import RedisCache
from tests.conftest import require_service

URL = os.environ.get("TEST_REDIS_CACHE_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_server():
    require_service("redis")
    server = redis.Redis.from_url(URL)
    server.flushdb()
    yield server
    server.flushdb()
    server.close()


@pytest.fixture
def worker(redis_server):
    """make() is a new process's cache on the test database of Redis."""
    made = []

    def make() -> RedisCache:
        made.append(RedisCache(URL, {}))
        return made[-1]

    yield make
    for cache in made:
        cache._tracked._disconnect()


def gets_served(server) -> int:
    return server.info("commandstats").get("cmdstat_get", {}).get("calls", 0)


def test_a_tracked_value_is_answered_from_memory_without_asking_redis(redis_server, worker):
    first = worker()
    first.set("version", "v1")
    assert first.get_tracked("version") == "v1"
    before = gets_served(redis_server)
    assert [first.get_tracked("version") for _ in range(100)] == ["v1"] * 100
    assert gets_served(redis_server) == before


def test_a_value_another_process_writes_is_seen_at_the_next_read(redis_server, worker):
    reader, writer = worker(), worker()
    writer.set("version", "v1")
    assert reader.get_tracked("version") == "v1"
    writer.set("version", "v2")
    redis_server.ping()
    assert reader.get_tracked("version") == "v2"
    writer.set("version", "v3")
    redis_server.ping()
    assert reader.get_tracked("version") == "v3"


def test_the_writing_process_sees_its_own_write_at_once(worker):
    process = worker()
    process.set("version", "v1")
    assert process.get_tracked("version") == "v1"
    process.set("version", "v2")
    assert process.get_tracked("version") == "v2"
    process.delete("version")
    assert process.get_tracked("version", "gone") == "gone"


def test_deleting_expiring_and_flushing_are_seen_too(redis_server, worker):
    reader, writer = worker(), worker()
    writer.set("deleted", "a")
    writer.set("expiring", "b")
    writer.set("flushed", "c")
    assert [reader.get_tracked(key) for key in ("deleted", "expiring", "flushed")] == ["a", "b", "c"]
    writer.delete("deleted")
    redis_server.pexpire(writer.make_and_validate_key("expiring"), 1)
    redis_server.ping()
    assert reader.get_tracked("deleted") is None
    # Redis pushes an expiry's invalidation when it notices the key has gone: a read asks for it.
    while redis_server.exists(writer.make_and_validate_key("expiring")):
        pass
    redis_server.ping()
    assert reader.get_tracked("expiring") is None
    assert reader.get_tracked("flushed") == "c"
    writer.clear()
    redis_server.ping()
    assert reader.get_tracked("flushed") is None


def test_a_lost_connection_forgets_what_it_kept_and_reads_again(redis_server, worker):
    reader, writer = worker(), worker()
    writer.set("version", "v1")
    assert reader.get_tracked("version") == "v1"
    tracking_id = reader._tracked.client_id
    redis_server.client_kill_filter(_id=tracking_id)
    # The push for this write is never sent: the connection that would carry it is gone.
    writer.set("version", "v2")
    redis_server.ping()
    assert reader.get_tracked("version") == "v2"
    assert reader._tracked.client_id != tracking_id


def test_a_missing_key_is_asked_for_again_every_time(redis_server, worker):
    reader, writer = worker(), worker()
    assert reader.get_tracked("version") is None
    writer.set("version", "v1")
    assert reader.get_tracked("version") == "v1"


def test_a_forked_process_opens_its_own_tracking_connection(redis_server, worker):
    parent = worker()
    parent.set("version", "v1")
    assert parent.get_tracked("version") == "v1"
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report what it reads and on which connection, then leave at once
        try:
            seen = f"{parent.get_tracked('version')} {parent._tracked.client_id}"
        except BaseException as error:  # noqa: BLE001 - the parent reports it
            seen = repr(error)
        os.write(write_end, seen.encode())
        os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    seen = os.read(read_end, 200).decode()
    os.close(read_end)
    value, client_id = seen.split()
    assert value == "v1"
    assert int(client_id) != parent._tracked.client_id
    assert parent.get_tracked("version") == "v1"
