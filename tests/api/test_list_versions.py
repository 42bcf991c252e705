"""A list's ETag comes from the data's version in the cache: every change to a row it shows must change it."""

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction

from modifications.models import Modification
from releases.api import versions
from releases.models import ScopeItem
from tests.factories import ModificationFactory

from .test_query_counts import LISTS

SCOPE = "/api/v1/releases/june-2030/scope/"


def etag_and_body(client):
    response = client.get(SCOPE)
    assert response.status_code == 200
    return response["ETag"], response.json()


def answer_to(client, etag):
    return client.get(SCOPE, HTTP_IF_NONE_MATCH=etag)


def test_editing_a_modifications_reference_changes_the_scope_lists_etag(world, secas):
    etag, _ = etag_and_body(secas)
    modification = world["modification"]
    modification.reference = "MP084A"
    modification._change_reason = "Renumbered"
    modification.save()
    response = answer_to(secas, etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["results"][0]["modification"] == "MP084A"


def test_renaming_the_fall_back_release_changes_the_scope_lists_etag(world, secas):
    item = world["item"]
    item.fall_back_release = world["later"]
    item.save()
    etag, body = etag_and_body(secas)
    assert body["results"][0]["fall_back_release"] == "july-2031"
    later = world["later"]
    later.slug = "july-2031-b"
    later.save()
    response = answer_to(secas, etag)
    assert response.status_code == 200
    assert response.json()["results"][0]["fall_back_release"] == "july-2031-b"


def test_adding_and_removing_a_scope_item_changes_the_scope_lists_etag(world, secas):
    etag, _ = etag_and_body(secas)
    ScopeItem.add(
        release=world["release"],
        modification=ModificationFactory(reference="MP200"),
        cut_off_date=datetime.date(2030, 3, 1),
    )
    response = answer_to(secas, etag)
    assert (response.status_code, response.json()["count"]) == (200, 2)
    etag = response["ETag"]
    ScopeItem.objects.get(modification__reference="MP200").delete()
    response = answer_to(secas, etag)
    assert (response.status_code, response.json()["count"]) == (200, 1)


def test_deleting_a_modification_in_no_scope_still_changes_the_etag(world, secas):
    etag, _ = etag_and_body(secas)
    Modification.objects.get(reference="MP085").delete()
    assert answer_to(secas, etag).status_code == 200


def test_the_etag_changes_again_when_the_change_commits(world, secas, django_capture_on_commit_callbacks):
    # A reader between the save and the commit may pair the new version with the old rows.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        item = world["item"]
        item.status_note = "Vote on 27 May"
        item.save()
        during = secas.get(SCOPE)["ETag"]
    after, body = etag_and_body(secas)
    assert after != during
    assert body["results"][0]["status_note"] == "Vote on 27 May"


def test_an_unchanged_list_answers_304_without_a_query(world, secas, django_assert_num_queries):
    etag, _ = etag_and_body(secas)
    with django_assert_num_queries(0):
        assert answer_to(secas, etag).status_code == 304


def test_an_unchanged_page_comes_from_the_cache_with_the_same_bytes(world, secas, django_assert_num_queries):
    built = secas.get(SCOPE, {"page_size": 10})
    with django_assert_num_queries(0):
        kept = secas.get(SCOPE, {"page_size": 10})
    assert (kept.status_code, kept["ETag"], kept["Content-Type"]) == (200, built["ETag"], built["Content-Type"])
    assert kept.content == built.content


def test_a_lost_version_starts_a_new_one_and_the_list_is_built_again(world, secas):
    etag, _ = etag_and_body(secas)
    cache.clear()
    response = answer_to(secas, etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("outsider", 403), ("panel", 304), ("dcc", 304)])
def test_a_304_still_needs_a_role_that_may_read_the_scope(world, secas, client_as, role, status):
    etag, _ = etag_and_body(secas)
    assert answer_to(client_as(role), etag).status_code == status


def test_a_cached_page_is_not_served_to_an_outsider(world, secas, client_as):
    etag_and_body(secas)
    assert client_as("outsider").get(SCOPE).status_code == 403
    assert client_as("anonymous").get(SCOPE).status_code == 401


def test_an_unknown_release_is_404_even_with_a_star(world, secas):
    assert secas.get("/api/v1/releases/nope/scope/").status_code == 404
    assert secas.get("/api/v1/releases/nope/scope/", HTTP_IF_NONE_MATCH="*").status_code == 404


VERSIONED_LISTS = [url for url, _, _ in LISTS if not url.endswith("/history/")]


@pytest.mark.parametrize("url", VERSIONED_LISTS)
def test_every_list_answers_304_and_a_kept_page_without_a_query(world, secas, django_assert_num_queries, url):
    built = secas.get(url)
    assert built.status_code == 200
    with django_assert_num_queries(0):
        assert secas.get(url, HTTP_IF_NONE_MATCH=built["ETag"]).status_code == 304
        kept = secas.get(url)
    assert (kept.status_code, kept["ETag"], kept.content) == (200, built["ETag"], built.content)


@pytest.mark.parametrize("url", VERSIONED_LISTS)
def test_every_list_changes_its_etag_when_any_row_changes(world, secas, url):
    etag = secas.get(url)["ETag"]
    risk = world["risk"]
    risk.description = "Changed while an integration polls"
    risk.save()
    assert secas.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_an_alias_added_to_a_modification_changes_the_modifications_list(world, secas):
    etag = secas.get("/api/v1/modifications/")["ETag"]
    world["modification"].add_alias("SEC Mod 84")
    response = secas.get("/api/v1/modifications/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "SEC Mod 84" in response.content.decode()


def test_a_sign_in_does_not_change_the_version(world, secas, secas_user, client):
    version = versions.current()
    assert client.login(username=secas_user.username, password="correct-horse-battery")
    assert versions.current() == version
    secas_user.first_name = "Sally"
    secas_user.save()
    assert versions.current() != version


def test_a_role_given_to_a_user_changes_the_version(world, outsider):
    from django.contrib.auth.models import Group

    version = versions.current()
    outsider.groups.add(Group.objects.get(name="panel"))
    assert versions.current() != version


def test_without_a_shared_cache_a_list_keeps_an_etag_of_its_own_rows(world, secas, settings):
    settings.API_CACHED_ETAGS = False
    etag = secas.get(SCOPE)["ETag"]
    assert answer_to(secas, etag).status_code == 304
    item = world["item"]
    item.status_note = "Changed"
    item.save()
    response = answer_to(secas, etag)
    assert (response.status_code, response.json()["results"][0]["status_note"]) == (200, "Changed")
