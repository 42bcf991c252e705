"""Over a rate the API answers 429 with Retry-After: per user, per API token, and per address for requests refused
for want of valid credentials (a wrong token, or none). Without its cache a throttle lets requests through."""

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from rest_framework import throttling
from rest_framework.test import APIClient

from tests.conftest import api_client_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/releases/"


@pytest.fixture
def rates(settings):
    cache.clear()  # the counts of an earlier test (the cache is not rolled back with the database)

    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"user": None, "token": None, "unauthenticated": None, **rates},
        }

    return set_rates


def statuses(client, times, url=URL):
    return [client.get(url).status_code for _ in range(times)]


def assert_throttled(response, at_most_seconds):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= at_most_seconds
    assert response.json()["detail"].startswith("Request was throttled")


def test_requests_without_credentials_are_throttled_per_address(rates):
    rates(unauthenticated="3/minute")
    client = APIClient(REMOTE_ADDR="192.0.2.10")

    assert statuses(client, 3) == [401, 401, 401]
    assert_throttled(client.get(URL), 60)
    assert APIClient(REMOTE_ADDR="192.0.2.11").get(URL).status_code == 401


def test_a_users_requests_are_throttled_per_user_whatever_the_address(rates, panel_user, secas_user):
    rates(user="3/minute")
    client = api_client_for(panel_user)

    assert statuses(client, 3) == [200, 200, 200]
    assert_throttled(client.get(URL), 60)
    elsewhere = api_client_for(panel_user)
    elsewhere.defaults["REMOTE_ADDR"] = "198.51.100.20"
    assert elsewhere.get(URL).status_code == 429
    assert api_client_for(secas_user).get(URL).status_code == 200


def test_each_token_has_its_own_rate_and_a_browser_session_only_its_users(rates, panel_user):
    rates(token="2/minute")
    first, second = api_client_for(panel_user, name="first"), api_client_for(panel_user, name="second")

    assert statuses(first, 2) == [200, 200]
    assert_throttled(first.get(URL), 60)
    assert statuses(second, 2) == [200, 200]
    session = APIClient()
    session.force_login(panel_user)
    assert statuses(session, 3) == [200, 200, 200]


def test_a_users_tokens_share_the_users_rate(rates, panel_user):
    rates(user="3/minute", token="2/minute")
    first, second = api_client_for(panel_user, name="first"), api_client_for(panel_user, name="second")

    assert statuses(first, 2) + statuses(second, 1) == [200, 200, 200]
    assert_throttled(second.get(URL), 60)


def test_the_hourly_rate_says_when_to_come_back(rates, panel_user):
    rates(user="2/hour")
    client = api_client_for(panel_user)
    statuses(client, 2)

    response = client.get(URL)
    assert_throttled(response, 3600)
    assert int(response["Retry-After"]) > 60


def test_wrong_tokens_from_an_address_are_answered_429_before_their_credentials_are_looked_at(rates, panel_user):
    rates(unauthenticated="3/minute")
    guesser = APIClient(REMOTE_ADDR="203.0.113.9")
    for guess in ("a" * 40, "b" * 40, "c" * 40):
        guesser.credentials(HTTP_AUTHORIZATION=f"Token {guess}")
        assert guesser.get(URL).status_code == 401

    guesser.credentials(HTTP_AUTHORIZATION="Token " + "d" * 40)
    assert_throttled(guesser.get(URL), 60)
    # Even a right token from that address waits; the same right token from elsewhere does not.
    right = api_client_for(panel_user)
    guesser.credentials(HTTP_AUTHORIZATION=right._credentials["HTTP_AUTHORIZATION"])
    assert guesser.get(URL).status_code == 429
    assert right.get(URL).status_code == 200


def test_refused_requests_of_one_address_do_not_hold_back_a_signed_in_user_elsewhere(rates, panel_user):
    rates(unauthenticated="2/minute")
    statuses(APIClient(REMOTE_ADDR="203.0.113.10"), 3)

    assert statuses(api_client_for(panel_user), 3) == [200, 200, 200]


def test_fifty_wrong_tokens_meet_429_after_ten(rates):
    rates(unauthenticated="10/minute")  # production's default (tests/test_deployment.py)
    guesser = APIClient(REMOTE_ADDR="203.0.113.11")
    answers = []
    for n in range(50):
        guesser.credentials(HTTP_AUTHORIZATION=f"Token {n:040d}")
        answers.append(guesser.get(URL).status_code)

    assert answers == [401] * 10 + [429] * 40


def test_a_cache_that_cannot_be_reached_lets_requests_through(rates, monkeypatch, panel_user):
    rates(user="1/minute", token="1/minute", unauthenticated="1/minute")
    unreachable = RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    monkeypatch.setattr(throttling.SimpleRateThrottle, "cache", unreachable)

    assert statuses(api_client_for(panel_user), 3) == [200, 200, 200]
    assert statuses(APIClient(), 3) == [401, 401, 401]
    guesser = APIClient(HTTP_AUTHORIZATION="Token " + "e" * 40)
    assert statuses(guesser, 3) == [401, 401, 401]
