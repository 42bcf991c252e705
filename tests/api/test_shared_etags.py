"""Production as deployed: gunicorn workers sharing Redis answer a poll 304 until a change, then never again.

The scope list's ETag version is read through Redis's tracking (secreleases/cache.py), so each worker
keeps it in memory; this checks, across real processes, that a change made through one worker is
seen by every worker at the very next poll.
"""

import json
import os

import pytest
import redis
from rest_framework.authtoken.models import Token

from releases.management.commands.bench_api import Gunicorn, free_port, get, send, server_env
from tests.conftest import require_service, url_of_the_test_database

CACHE_URL = os.environ.get("TEST_REDIS_CACHE_URL", "redis://127.0.0.1:6379/13")
SCOPE = "/api/v1/releases/june-2030/scope/"
POLLS = 30


@pytest.fixture
def site(transactional_db, world, secas_user):
    """Two gunicorn workers on the test database, production settings, the Redis cache."""
    require_service("redis")
    redis.Redis.from_url(CACHE_URL).flushdb()
    env = server_env(url_of_the_test_database(), cache_url=CACHE_URL)
    port = free_port()
    with Gunicorn(port, 2, env, app="secreleases.wsgi:application"):
        yield port, {"Authorization": f"Token {Token.objects.create(user=secas_user).key}"}
    redis.Redis.from_url(CACHE_URL).flushdb()


def poll(port, auth, etag):
    return [get(port, SCOPE, {**auth, "If-None-Match": etag}) for _ in range(POLLS)]


def test_every_worker_answers_304_until_a_change_then_the_new_list(site):
    port, auth = site
    status, headers, body = get(port, SCOPE, auth)
    assert status == 200
    assert json.loads(body)["results"][0]["modification_title"] == "Enduring change of supplier"
    first_etag = headers["etag"]
    assert {status for status, _, _ in poll(port, auth, first_etag)} == {304}

    status, _, _ = send(
        port,
        "PATCH",
        "/api/v1/modifications/MP084/",
        {**auth, "Content-Type": "application/json"},
        json.dumps({"title": "Enduring change of supplier (renamed)"}),
    )
    assert status == 200

    answers = poll(port, auth, first_etag)
    assert {status for status, _, _ in answers} == {200}
    assert {json.loads(body)["results"][0]["modification_title"] for _, _, body in answers} == {
        "Enduring change of supplier (renamed)"
    }
    new_etags = {headers["etag"] for _, headers, _ in answers}
    assert len(new_etags) == 1 and first_etag not in new_etags
    assert {status for status, _, _ in poll(port, auth, new_etags.pop())} == {304}


def test_a_304_from_the_shared_cache_still_needs_a_token_that_may_read(site, outsider):
    port, auth = site
    _, headers, _ = get(port, SCOPE, auth)
    etag = headers["etag"]
    outsider_auth = {"Authorization": f"Token {Token.objects.create(user=outsider).key}"}
    assert get(port, SCOPE, {**outsider_auth, "If-None-Match": etag})[0] == 403
    assert get(port, SCOPE, {"If-None-Match": etag})[0] == 401
