"""Every answer is fresh: no list or detail is ever served stale, and a revoked credential stops at once."""

import datetime

import pytest
import requests
from django.contrib.auth.models import Group

from secreleases.models import ApiToken
from tests.conftest import api_client_for, make_user, token_for
from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory

pytestmark = pytest.mark.django_db

CYCLES = 2000


@pytest.fixture
def release_with_an_item(db):
    release = ReleaseFactory(
        slug="june-2030", name="June 2030 SEC Release", implementation_date=datetime.date(2030, 6, 25)
    )
    item = ScopeItemFactory(release=release, modification=ModificationFactory(reference="MP084"))
    return release, item


def test_a_revoked_or_deleted_token_is_refused_on_the_very_next_request(release_with_an_item, secas_user):
    client = api_client_for(secas_user)
    assert client.get("/api/v1/releases/").status_code == 200
    ApiToken.objects.get(user=secas_user).revoke()
    assert client.get("/api/v1/releases/").status_code == 401
    client = api_client_for(secas_user)
    assert client.get("/api/v1/releases/").status_code == 200
    ApiToken.objects.filter(user=secas_user).delete()
    assert client.get("/api/v1/releases/").status_code == 401


def test_a_deactivated_user_is_refused_on_the_very_next_request(release_with_an_item, secas_user):
    client = api_client_for(secas_user)
    assert client.get("/api/v1/releases/").status_code == 200
    secas_user.is_active = False
    secas_user.save()
    assert client.get("/api/v1/releases/").status_code == 401


def test_a_user_taken_out_of_secas_cannot_write_on_the_very_next_request(release_with_an_item, secas_user):
    client = api_client_for(secas_user)
    url = "/api/v1/releases/june-2030/milestones/"
    assert client.post(url, {"event": "PIT exit"}, format="json").status_code == 201
    secas_user.groups.remove(Group.objects.get(name="secas"))
    secas_user.groups.add(Group.objects.get(name="panel"))
    assert client.post(url, {"event": "SIT exit"}, format="json").status_code == 403
    assert client.get(url).status_code == 200


def test_writes_then_reads_across_three_gunicorn_workers_are_never_stale(gunicorn, release_with_an_item):
    """Each read follows a write: it must show the write, and never answer 304 to the ETag read before it."""
    _, item = release_with_an_item
    token = token_for(make_user("writer", "secas"))
    server = gunicorn(workers=3)
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    list_url = f"{server.base}/api/v1/releases/june-2030/scope/"
    detail_url = f"{list_url}{item.pk}/"
    etag = session.get(list_url).headers["ETag"]
    stale_304s = stale_bodies = 0
    for n in range(CYCLES):
        note = f"Written in cycle {n}"
        assert session.patch(detail_url, json={"status_note": note}).status_code == 200
        read = session.get(list_url, headers={"If-None-Match": etag, "Connection": "close"})
        if read.status_code == 304:
            stale_304s += 1
            continue
        if read.json()["results"][0]["status_note"] != note:
            stale_bodies += 1
        etag = read.headers["ETag"]
    assert (stale_304s, stale_bodies) == (0, 0)
    assert session.get(list_url, headers={"If-None-Match": etag}).status_code == 304
