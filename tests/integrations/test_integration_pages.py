"""The integration pages: who may use them, what they show, and a fixed number of queries each."""

import re

import pytest
from django.urls import reverse

from releases.models import CalendarFeed
from secreleases.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.ui.conftest import build_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


def an_endpoint_with_deliveries(deliveries: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(url="https://hooks.example.org/sec", events=["scope_item.changed"], description="ERP")
    endpoint.replace_secret()
    endpoint.save()
    for n in range(deliveries):
        event = WebhookEvent.objects.create(
            kind="scope_item.changed", source=f"test:{endpoint.pk}:{n}", summary=f"E{n}"
        )
        delivery = WebhookDelivery.objects.create(
            event=event, endpoint=endpoint, retry_until=event.occurred_at, state="failed", attempts_made=2
        )
        for number in (1, 2):
            WebhookAttempt.objects.create(
                delivery=delivery, number=number, started_at=event.occurred_at, duration_ms=12, error="Refused"
            )
    return endpoint


def test_secas_registers_an_endpoint_in_the_browser_and_sees_its_secret_once(logged_in, secas_user):
    client = logged_in(secas_user)
    answer = client.post(
        "/integrations/webhooks/",
        {
            "url": "https://hooks.example.org/sec",
            "description": "SECAS ERP",
            "events": ["rid.baselined"],
            "active": "on",
        },
    )
    assert answer.status_code == 303
    endpoint = WebhookEndpoint.objects.get()
    first = client.get(answer["Location"]).content.decode()
    secret = re.search(r'<code class="break" id="secret">(whsec_[^<]+)</code>', first).group(1)
    assert secret == endpoint.secret
    assert secret not in client.get(answer["Location"]).content.decode()  # shown once
    assert endpoint.secret_encrypted != secret  # kept encrypted


def test_a_bad_url_is_refused_beside_the_field(logged_in, secas_user, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    answer = logged_in(secas_user).post(
        "/integrations/webhooks/", {"url": "http://127.0.0.1:9/", "events": ["rid.baselined"]}
    )
    assert answer.status_code == 400
    assert "private, loopback or reserved" in answer.content.decode() and not WebhookEndpoint.objects.exists()


def test_send_again_from_the_endpoints_page(logged_in, secas_user, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("secreleases.webhooks.delivery.enqueue", lambda *args, **kw: sent.append(args))
    endpoint = an_endpoint_with_deliveries(1)
    delivery = endpoint.deliveries.get()
    client = logged_in(secas_user)
    page = client.get(f"/integrations/webhooks/{endpoint.pk}/").content.decode()
    assert "Send again" in page and "Refused" in page

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/integrations/webhooks/{endpoint.pk}/deliveries/{delivery.pk}/send-again/")

    assert answer.status_code == 303
    assert sent == [(delivery.pk, 3)]
    assert WebhookDelivery.objects.get(pk=delivery.pk).state == "pending"


@pytest.mark.parametrize("role", ["dcc_user", "panel_user", "outsider"])
def test_only_secas_reaches_the_webhook_pages_and_api(request, logged_in, api_as, role):
    user = request.getfixturevalue(role)
    endpoint = an_endpoint_with_deliveries(0)
    client = logged_in(user)
    assert client.get("/integrations/webhooks/").status_code == 403
    assert client.get(f"/integrations/webhooks/{endpoint.pk}/").status_code == 403
    assert client.post(f"/integrations/webhooks/{endpoint.pk}/ping/").status_code == 403
    assert api_as(user).get("/api/v1/webhooks/").status_code == 403
    assert api_as(user).post("/api/v1/webhooks/", {"url": "https://x.example/", "events": ["ping"]}).status_code == 403


def test_every_role_makes_and_revokes_its_own_calendar_feeds(logged_in, panel_user, secas_user):
    release = build_release(1)
    client = logged_in(panel_user)
    answer = client.post("/integrations/calendars/add/", {"release": release.slug})
    assert answer.status_code == 303
    feed = CalendarFeed.objects.get(user=panel_user)
    page = client.get("/integrations/calendars/").content.decode()
    assert f"/releases/{release.slug}/calendar.ics?token={feed.token}" in page
    # Another user's feed is not theirs to revoke.
    assert logged_in(secas_user).post(f"/integrations/calendars/{feed.pk}/revoke/").status_code == 404
    assert logged_in(panel_user).post(f"/integrations/calendars/{feed.pk}/revoke/").status_code == 303
    assert not CalendarFeed.objects.live().exists()


def test_the_panel_has_no_import_page(logged_in, panel_user):
    release = build_release(1)
    assert logged_in(panel_user).get(f"/releases/{release.slug}/import/").status_code == 403


# -- query counts: pinned, and the same with five times the data -------------------------------------

# Each page: the session, the user and their roles, then its own.
EXPECTED_QUERIES = {
    "webhooks": 4,  # the endpoints with their delivery counts
    "webhook": 6,  # the endpoint, its deliveries with their events, their attempts
    "calendars": 6,  # the user's feeds, the releases they follow, the releases to choose from
    "integrations": 4,  # the releases to import into
}


def url_for(name, endpoint, release):
    return {
        "webhooks": "/integrations/webhooks/",
        "webhook": f"/integrations/webhooks/{endpoint.pk}/",
        "calendars": reverse("releases:calendar-feeds"),
        "integrations": reverse("releases:integrations"),
    }[name]


@pytest.mark.parametrize("name", EXPECTED_QUERIES)
@pytest.mark.parametrize("size", [1, 5])
def test_each_integration_page_runs_a_fixed_number_of_queries(
    logged_in, secas_user, django_assert_num_queries, name, size
):
    release = build_release(1)
    endpoint = an_endpoint_with_deliveries(size)
    for n in range(size):
        CalendarFeed.objects.create(user=secas_user, release=build_release(1, slug=f"r{n}", name=f"R{n}"))
    client = logged_in(secas_user)
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        assert client.get(url_for(name, endpoint, release)).status_code == 200


@pytest.mark.parametrize("size", [1, 5])
def test_the_release_calendar_runs_a_fixed_number_of_queries(logged_in, secas_user, django_assert_num_queries, size):
    release = build_release(size)
    client = logged_in(secas_user)
    # The session, the user, their roles, the release; then it with its cut-offs and its milestones.
    with django_assert_num_queries(7):
        assert client.get(f"/releases/{release.slug}/calendar.ics").status_code == 200
