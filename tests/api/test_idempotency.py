"""Idempotency-Key on every API POST: the same key and body within 24 hours answers the first answer again and
writes nothing; another body, 422; an error is not remembered; racing duplicates write once."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from releases.models import Milestone, Release, RidVersion, ScopeItem
from secreleases import models as secreleases_models
from secreleases.api.idempotency import Idempotent
from secreleases.models import IdempotentRequest, KeyStillInProgress
from secreleases.tasks import prune_idempotency_keys
from tests.conftest import api_client_for, make_user, token_for
from tests.factories import ReleaseFactory

pytestmark = pytest.mark.django_db
R = "/api/v1/releases/june-2030"
MILESTONES = f"{R}/milestones/"
PIT = {"event": "DCC PIT exit", "date": "2030-02-01"}


def post(client, url, body, key, **extra):
    return client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key, **extra)


def test_a_retried_post_gives_one_row_and_the_first_answer_again(world, secas):
    first = post(secas, MILESTONES, PIT, "5b1c7a8e-retry")
    again = post(secas, MILESTONES, PIT, "5b1c7a8e-retry")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"
    assert again["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert Milestone.objects.filter(event="DCC PIT exit").count() == 1


def test_the_same_key_with_another_body_or_path_is_422_and_writes_nothing(world, secas):
    post(secas, MILESTONES, PIT, "key-1")

    other_body = post(secas, MILESTONES, {**PIT, "date": "2030-02-02"}, "key-1")
    other_path = post(secas, "/api/v1/releases/", {"slug": "x", "name": "X"}, "key-1")

    for response in (other_body, other_path):
        assert response.status_code == 422
        assert response.json()["detail"].startswith("This Idempotency-Key was used in the last 24 hours")
    assert Milestone.objects.filter(event="DCC PIT exit").count() == 1
    assert not Release.objects.filter(slug="x").exists()


def test_an_error_is_not_remembered_so_the_key_may_carry_the_corrected_request(world, secas):
    assert post(secas, MILESTONES, {"date": "not a date"}, "key-2").status_code == 400
    assert not IdempotentRequest.objects.exists()

    assert post(secas, MILESTONES, PIT, "key-2").status_code == 201
    assert post(secas, MILESTONES, PIT, "key-2")["Idempotent-Replayed"] == "true"
    assert Milestone.objects.filter(event="DCC PIT exit").count() == 1


def test_a_refusal_by_a_rule_is_not_remembered_either(world, secas):
    body = {"modification": "MP084", "cut_off_date": "2030-03-01"}  # MP084 is in scope already: 409
    first = post(secas, f"{R}/scope/", body, "key-3")

    assert first.status_code in (400, 409)
    assert not IdempotentRequest.objects.exists()


def test_keys_belong_to_their_user(world, secas, client_as):
    assert post(secas, MILESTONES, PIT, "shared-key").status_code == 201
    dcc = post(client_as("dcc"), MILESTONES, PIT, "shared-key")

    assert dcc.status_code == 201 and not dcc.has_header("Idempotent-Replayed")
    assert Milestone.objects.filter(event="DCC PIT exit").count() == 2


def test_a_key_is_kept_24_hours_then_forgotten(world, secas):
    post(secas, MILESTONES, PIT, "key-4")
    IdempotentRequest.objects.update(created_at=timezone.now() - datetime.timedelta(hours=23, minutes=59))
    assert post(secas, MILESTONES, PIT, "key-4")["Idempotent-Replayed"] == "true"

    IdempotentRequest.objects.update(created_at=timezone.now() - datetime.timedelta(hours=24, seconds=1))
    response = post(secas, MILESTONES, PIT, "key-4")
    assert response.status_code == 201 and not response.has_header("Idempotent-Replayed")
    assert Milestone.objects.filter(event="DCC PIT exit").count() == 2


def test_the_hourly_job_deletes_the_expired_keys_only(world, secas):
    post(secas, MILESTONES, PIT, "old")
    post(secas, MILESTONES, {**PIT, "event": "SIT exit"}, "new")
    IdempotentRequest.objects.filter(key="old").update(created_at=timezone.now() - datetime.timedelta(hours=25))

    assert prune_idempotency_keys() == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]


def test_the_hourly_job_is_scheduled_in_the_database(db):
    from django_celery_beat.models import PeriodicTask

    job = PeriodicTask.objects.get(task="secreleases.tasks.prune_idempotency_keys")
    assert (job.enabled, job.interval.every, job.interval.period) == (True, 1, "hours")


def test_what_is_kept_is_the_answer_not_the_credentials(world, secas):
    post(secas, MILESTONES, PIT, "key-5")

    kept = IdempotentRequest.objects.get()
    assert kept.status_code == 201
    assert set(kept.headers) == {"Content-Type", "ETag"}
    assert len(kept.fingerprint) == 64 and b"DCC PIT exit" in bytes(kept.body)


def test_custom_actions_and_baselines_are_idempotent_too(world, secas):
    item = world["item"]
    move = {"to": "july-2031", "reason": "Not ready"}
    first = post(secas, f"{R}/scope/{item.pk}/move/", move, "move-1")
    again = post(secas, f"{R}/scope/{item.pk}/move/", move, "move-1")
    assert (first.status_code, again.content) == (201, first.content)
    assert ScopeItem.objects.filter(release__slug="july-2031").count() == 1

    baseline = {"version": "1.0", "changes": "Baselined", "baselined_on": "2030-01-17"}
    first = post(secas, f"{R}/rids/", baseline, "rid-1")
    again = post(secas, f"{R}/rids/", baseline, "rid-1")
    assert (first.status_code, again.status_code, again.content) == (201, 201, first.content)
    assert RidVersion.objects.filter(release__slug="june-2030").count() == 1
    assert secas.post(f"{R}/rids/", baseline, format="json").status_code == 409  # without the key: a conflict


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "naïve"])
def test_a_malformed_key_is_bad_input(world, secas, key):
    response = post(secas, MILESTONES, PIT, key)

    assert response.status_code == 400
    assert list(response.json()) == ["Idempotency-Key"]
    assert not Milestone.objects.filter(event="DCC PIT exit").exists()


def test_without_a_key_or_on_other_methods_nothing_is_remembered(world, secas):
    assert secas.post(MILESTONES, PIT, format="json").status_code == 201
    assert secas.post(MILESTONES, PIT, format="json").status_code == 201
    milestone = Milestone.objects.filter(event="DCC PIT exit").first()
    patch = secas.patch(f"{MILESTONES}{milestone.pk}/", {"notes": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="p")
    assert patch.status_code == 200
    assert not IdempotentRequest.objects.exists()


def test_a_read_only_token_or_another_role_is_refused_before_its_key_is_kept(world, secas_user, client_as):
    assert post(client_as("panel"), MILESTONES, PIT, "key-6").status_code == 403
    assert post(api_client_for(secas_user, read_only=True), MILESTONES, PIT, "key-6").status_code == 403
    assert not IdempotentRequest.objects.exists()


def test_a_request_still_in_progress_is_answered_409_with_retry_after(world, secas, monkeypatch):
    def still_running(*args, **kwargs):
        raise KeyStillInProgress

    monkeypatch.setattr(IdempotentRequest.objects, "claim", still_running)
    response = post(secas, MILESTONES, PIT, "key-7")

    assert response.status_code == 409
    assert response["Retry-After"] == "1"
    assert "still being processed" in response.json()["detail"]


# -- every POST, in the code and in the schema ---------------------------------------------------------


def api_views(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from api_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and (prefix + str(pattern.pattern)).startswith("api/v1/"):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_api_view_that_takes_a_post_honours_the_key():
    posts = {
        route: callback.cls
        for route, callback in api_views()
        if "post" in (getattr(callback, "actions", None) or {}) or hasattr(callback.cls, "post")
    }
    assert len(posts) >= 10
    assert [route for route, view in posts.items() if not issubclass(view, Idempotent)] == []


def test_the_schema_documents_the_header_and_422_on_every_post(world, secas):
    schema = secas.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    posts = {path: operations["post"] for path, operations in schema["paths"].items() if "post" in operations}
    assert len(posts) >= 10
    for path, operation in posts.items():
        assert "Idempotency-Key" in [p["name"] for p in operation["parameters"] if p["in"] == "header"], path
        assert "422" in operation["responses"], path
        assert "still being processed" in operation["responses"]["409"]["description"], path


# -- duplicates racing -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_waits_for_the_first_then_answers_its_answer_or_409_after_the_wait(monkeypatch):
    user = make_user("racer", "secas")
    claimed, finish = threading.Event(), threading.Event()

    def first():
        try:
            with transaction.atomic():
                claim, is_first = IdempotentRequest.objects.claim(user, "k", "f" * 64)
                assert is_first
                claimed.set()
                finish.wait(10)
                claim.status_code = 201
                claim.save()
        finally:
            connection.close()

    runner = threading.Thread(target=first)
    runner.start()
    assert claimed.wait(10)
    monkeypatch.setattr(secreleases_models, "IDEMPOTENCY_WAIT", datetime.timedelta(milliseconds=300))
    with pytest.raises(KeyStillInProgress), transaction.atomic():
        IdempotentRequest.objects.claim(user, "k", "f" * 64)

    monkeypatch.setattr(secreleases_models, "IDEMPOTENCY_WAIT", datetime.timedelta(seconds=10))
    threading.Timer(0.5, finish.set).start()
    with transaction.atomic():
        earlier, is_first = IdempotentRequest.objects.claim(user, "k", "f" * 64)
    runner.join(10)
    assert (is_first, earlier.status_code) == (False, 201)


ROUNDS, RACERS = 5, 6


def test_identical_posts_racing_through_gunicorn_write_one_row(gunicorn):
    ReleaseFactory(slug="june-2030", name="June 2030", implementation_date=datetime.date(2030, 6, 25))
    token = token_for(make_user("writer", "secas"))
    server = gunicorn(workers=3)
    url = f"{server.base}{MILESTONES}"

    def race(key):
        start = threading.Barrier(RACERS)

        def send(_):
            start.wait()
            headers = {"Authorization": f"Token {token}", "Idempotency-Key": key}
            return requests.post(url, json={"event": key}, headers=headers, timeout=30)

        with ThreadPoolExecutor(RACERS) as pool:
            return list(pool.map(send, range(RACERS)))

    for n in range(ROUNDS):
        answers = race(f"race-{n}")
        assert [answer.status_code for answer in answers] == [201] * RACERS
        assert len({answer.content for answer in answers}) == 1
        assert sum(answer.headers.get("Idempotent-Replayed") == "true" for answer in answers) == RACERS - 1
        assert Milestone.objects.filter(event=f"race-{n}").count() == 1
