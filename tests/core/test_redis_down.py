"""With Redis stopped (cache and broker on a closed port), the browser and the API still read and write.

Only Celery's enqueueing needs Redis, and a failed enqueue must neither undo nor fail a saved write.
"""

import datetime
import re

import pytest
import requests

from releases.models import RidVersion, ScopeItem
from tests.conftest import make_user, token_for
from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def server_without_redis(gunicorn):
    release = ReleaseFactory(
        slug="june-2030", name="June 2030 SEC Release", implementation_date=datetime.date(2030, 6, 25)
    )
    item = ScopeItemFactory(release=release, modification=ModificationFactory(reference="MP084"))
    secas = make_user("sally", "secas")
    server = gunicorn(workers=2, CACHE_URL=NOTHING_LISTENS, CELERY_BROKER_URL=NOTHING_LISTENS)
    return server, item, secas


def test_api_writes_succeed_and_the_next_read_shows_them(server_without_redis):
    server, item, secas = server_without_redis
    api = requests.Session()
    api.headers["Authorization"] = f"Token {token_for(secas)}"
    base = f"{server.base}/api/v1/releases/june-2030"

    assert api.patch(f"{base}/scope/{item.pk}/", json={"status_note": "Written with Redis down"}).status_code == 200
    assert api.post(f"{base}/milestones/", json={"event": "PIT exit"}).status_code == 201
    # Baselining enqueues the PDF: the broker is down, the baseline is saved all the same.
    baseline = {"version": "1.0", "changes": "Baselined", "baselined_on": "2020-01-17"}
    assert api.post(f"{base}/rids/", json=baseline).status_code == 201

    scope = api.get(f"{base}/scope/").json()["results"]
    assert scope[0]["status_note"] == "Written with Redis down"
    assert [m["event"] for m in api.get(f"{base}/milestones/").json()["results"]] == ["PIT exit"]
    assert RidVersion.objects.filter(release__slug="june-2030", version="1.0", snapshot__isnull=False).exists()


def test_browser_writes_succeed_and_the_next_page_shows_them(server_without_redis):
    server, item, _ = server_without_redis
    browser = requests.Session()
    login = browser.get(f"{server.base}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    signed_in = browser.post(
        f"{server.base}/accounts/login/",
        data={"username": "sally", "password": "correct-horse-battery", "csrfmiddlewaretoken": token},
        headers={"Referer": f"{server.base}/accounts/login/"},
    )
    assert signed_in.status_code == 200 and "Sign out" in signed_in.text

    form_url = f"{server.base}/releases/june-2030/scope/{item.pk}/"
    form = browser.get(form_url).text
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|last_seen)" value="([^"]*)"', form))
    saved = browser.post(
        form_url,
        data={**fields, "inclusion": "targeted", "status_note": "Saved with Redis down", "reason": "Outage test"},
        headers={"Referer": form_url},
        allow_redirects=False,
    )
    assert saved.status_code == 303
    assert "Saved with Redis down" in browser.get(f"{server.base}/releases/june-2030/").text
    assert ScopeItem.objects.get(pk=item.pk).status_note == "Saved with Redis down"
