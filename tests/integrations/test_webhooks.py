"""Signed webhooks: SECAS registers an endpoint, changes announce events, a real worker delivers them."""

import json
import time

import pytest
from django.utils import timezone

from releases.models import ScopeItem
from secreleases.webhooks.choices import DeliveryState
from secreleases.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from secreleases.webhooks.signing import verify
from tests.conftest import api_client_for
from tests.factories import ModificationFactory, ReleaseFactory, ScopeItemFactory

from .conftest import d, wait_until
from .receiver import Receiver

pytestmark = pytest.mark.celery_worker


def a_release_with_an_item():
    release = ReleaseFactory(slug="june-2030", name="June 2030 SEC Release", implementation_date=d(2030, 6, 25))
    item = ScopeItemFactory(release=release, modification=ModificationFactory(reference="MP084"))
    return release, item


def register(api, url, events) -> dict:
    response = api.post("/api/v1/webhooks/", {"url": url, "events": events, "description": "SECAS test"})
    assert response.status_code == 201, response.content
    return response.json()


def test_a_scope_change_and_a_baseline_reach_the_receiver_signed(webhook_worker, receiver, secas_user):
    release, item = a_release_with_an_item()
    api = api_client_for(secas_user)
    endpoint = register(api, receiver.url, ["scope_item.changed", "rid.baselined"])
    secret = endpoint["secret"]
    assert secret.startswith("whsec_")
    assert "secret" not in api.get(f"/api/v1/webhooks/{endpoint['id']}/").json()

    changed = api.patch(f"/api/v1/releases/june-2030/scope/{item.pk}/", {"status_note": "Vote on 27 May 2020"})
    assert changed.status_code == 200
    baselined = api.post(
        "/api/v1/releases/june-2030/rids/",
        {"version": "1.0", "changes": "Baselined", "baselined_on": "2026-01-17"},
    )
    assert baselined.status_code == 201

    received = receiver.wait_for(2)
    assert len(received) == 2
    events = {}
    for headers, body in received:
        assert verify(secret, body, headers["x-signature-256"])
        assert not verify("whsec_someone-else", body, headers["x-signature-256"])
        payload = json.loads(body)
        assert headers["x-event-id"] == payload["id"]
        assert headers["x-event-timestamp"] == str(payload["timestamp"])
        assert abs(payload["timestamp"] - time.time()) < 120
        assert headers["content-type"] == "application/json"
        events[payload["event"]] = payload
    assert set(events) == {"scope_item.changed", "rid.baselined"}
    scope = events["scope_item.changed"]["data"]
    assert scope["release"] == "june-2030"
    assert scope["object"]["modification"] == "MP084" and scope["object"]["status_note"] == "Vote on 27 May 2020"
    assert scope["by"] == secas_user.username
    assert {"field": "status_note", "old": "", "new": "Vote on 27 May 2020"} in scope["changes"]
    rid = events["rid.baselined"]["data"]
    assert rid["object"]["version"] == "1.0" and rid["object"]["baselined_on"] == "2026-01-17"
    assert rid["pdf_url"].endswith("/api/v1/releases/june-2030/rids/1.0/pdf/")

    deliveries = api.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries/").json()["results"]
    assert {row["event"] for row in deliveries} == {"scope_item.changed", "rid.baselined"}
    assert all(row["state"] == "delivered" and row["attempts"][0]["status_code"] == 200 for row in deliveries)


def test_the_pdf_ready_event_follows_the_baseline(webhook_worker, receiver, secas_user):
    a_release_with_an_item()
    api = api_client_for(secas_user)
    endpoint = register(api, receiver.url, ["rid.pdf_ready"])

    api.post("/api/v1/releases/june-2030/rids/", {"version": "1.0", "changes": "First", "baselined_on": "2026-01-17"})

    (headers, body), *_ = receiver.wait_for(1, timeout=120)
    payload = json.loads(body)
    assert verify(endpoint["secret"], body, headers["x-signature-256"])
    assert payload["event"] == "rid.pdf_ready"
    assert payload["data"]["object"]["pdf_state"] == "ready" and payload["data"]["pdf_bytes"] > 1000


def test_with_the_receiver_down_the_save_is_answered_at_once_and_every_attempt_is_kept(webhook_worker, secas_user):
    release, item = a_release_with_an_item()
    api = api_client_for(secas_user)
    down = Receiver()
    url = down.url
    down.stop()  # nothing listens there any more
    endpoint = register(api, url, ["scope_item.changed"])

    started = time.monotonic()
    saved = api.patch(f"/api/v1/releases/june-2030/scope/{item.pk}/", {"status_note": "Nobody listens"})
    answered_in = time.monotonic() - started
    answered_at = timezone.now()
    assert saved.status_code == 200 and answered_in < 2
    assert ScopeItem.objects.get(pk=item.pk).status_note == "Nobody listens"

    delivery = wait_until(
        lambda: WebhookDelivery.objects.filter(endpoint_id=endpoint["id"], state=DeliveryState.FAILED).first(),
        timeout=60,
    )
    assert delivery is not None, "the delivery should have failed after its retries"
    attempts = list(WebhookAttempt.objects.filter(delivery=delivery).order_by("number"))
    # 0.5, 1 and 2 s apart (at most 2), for 4 s: four attempts, each kept with what went wrong.
    assert [a.number for a in attempts] == [1, 2, 3, 4]
    assert all(a.status_code is None and "ConnectionError" in a.error for a in attempts)
    assert attempts[0].started_at >= answered_at - timezone.timedelta(seconds=1)
    gaps = [(b.started_at - a.started_at).total_seconds() for a, b in zip(attempts, attempts[1:], strict=False)]
    assert gaps[0] >= 0.4 and gaps[1] > gaps[0] * 1.5

    shown = api.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries/").json()["results"][0]
    assert shown["state"] == "failed" and [a["number"] for a in shown["attempts"]] == [1, 2, 3, 4]

    # The receiver is back: "send again" delivers it, as attempt 5.
    back = Receiver()
    WebhookEndpoint.objects.filter(pk=endpoint["id"]).update(url=back.url)
    try:
        again = api.post(f"/api/v1/webhooks/{endpoint['id']}/deliveries/{delivery.pk}/send-again/")
        assert again.status_code == 202
        (headers, body), *_ = back.wait_for(1)
        assert verify(endpoint["secret"], body, headers["x-signature-256"])
        assert json.loads(body)["attempt"] == 5
        assert wait_until(lambda: WebhookDelivery.objects.get(pk=delivery.pk).state == DeliveryState.DELIVERED)
    finally:
        back.stop()
