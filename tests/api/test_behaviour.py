"""What an integration sees: canonical references, moves, rescheduling, the dashboard, history and ETags."""

import datetime

import pytest

from releases.models import ReleaseDateChange, ScopeItem

pytestmark = pytest.mark.django_db

R = "/api/v1/releases/june-2030"


@pytest.mark.parametrize("spelling", ["MP084", "SECMP0084", "secmp0084", "SEC Mod 84"])
def test_any_spelling_finds_the_modification_and_answers_with_the_canonical_one(world, client_as, spelling):
    response = client_as("panel").get(f"/api/v1/modifications/{spelling}/")
    assert response.status_code == 200
    assert response.json()["reference"] == "MP084"
    assert response.json()["aliases"] == ["SECMP0084"]


def test_moving_an_item_defers_it_here_and_targets_it_there(world, secas):
    item = world["item"]
    response = secas.post(f"{R}/scope/{item.pk}/move/", {"to": "july-2031", "reason": "Not approved in time"})
    assert response.status_code == 201
    new = response.json()
    assert new["release"] == "july-2031"
    assert new["inclusion"] == "targeted"
    assert new["replaces"] == item.pk
    assert new["modification"] == "MP084"
    assert secas.get(f"{R}/scope/{item.pk}/").json()["inclusion"] == "deferred"


def test_a_modification_shows_where_it_is_and_has_been(world, secas):
    secas.post(f"{R}/scope/{world['item'].pk}/move/", {"to": "july-2031"})
    places = secas.get("/api/v1/modifications/MP084/").json()["scope_items"]
    assert [(p["release"], p["inclusion"]) for p in places] == [("june-2030", "deferred"), ("july-2031", "targeted")]


def test_adding_to_scope_uses_any_spelling_and_answers_canonically(world, secas):
    response = secas.post(f"{R}/scope/", {"modification": "mp085", "part": "Part 1", "added_on": "2030-01-01"})
    assert response.status_code == 201
    assert response.json()["modification"] == "MP085"
    assert response.json()["is_exception"] is True  # after June 2030's SEC-document scope lock


def test_deleting_an_item_removes_it_from_scope_but_keeps_it(world, secas):
    assert secas.delete(f"{R}/scope/{world['item'].pk}/?reason=Withdrawn").status_code == 204
    item = ScopeItem.objects.get(pk=world["item"].pk)
    assert (item.inclusion, item.change_reason) == ("removed", "Withdrawn")


def test_changing_the_go_live_date_reschedules_the_release_with_the_reason(world, secas):
    response = secas.patch(
        f"{R}/", {"implementation_date": "2030-07-02", "date_change_reason": "Additional testing"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["implementation_date"] == "2030-07-02"
    change = ReleaseDateChange.objects.get(release=world["release"])
    assert (change.previous_date, change.new_date, change.reason) == (
        datetime.date(2030, 6, 25),
        datetime.date(2030, 7, 2),
        "Additional testing",
    )
    assert change.recorded_by.username == "sally-secas"


def test_a_new_release_gets_the_policy_scope_locks(db, secas):
    body = {"slug": "nov-2032", "name": "November 2032", "implementation_date": "2032-11-04"}
    release = secas.post("/api/v1/releases/", body, format="json").json()
    assert (release["system_scope_lock_date"], release["document_scope_lock_date"]) == ("2031-11-04", "2032-05-04")
    assert release["implementation_date"] is not None


def test_readiness_reports_write_their_components(world, client_as):
    dcc = client_as("dcc")
    body = {
        "as_at": "2030-06-01",
        "components": [
            {"name": "DSP System", "state": 3, "target_state": 4, "rag": "amber", "rationale": "UIT"},
            {"name": "Service Centre", "state": 4, "target_state": 4, "rag": "green"},
        ],
    }
    report = dcc.post(f"{R}/readiness/", body, format="json").json()
    assert [(c["name"], c["meets_target"]) for c in report["components"]] == [
        ("DSP System", False),
        ("Service Centre", True),
    ]
    correction = {"components": [{"name": "DSP System", "state": 4}], "reason": "Service Centre was reported twice"}
    url = f"{R}/readiness/{report['id']}/"
    assert dcc.patch(url, correction, format="json").status_code == 403  # the DCC reports; SECAS corrects
    patched = client_as("secas").patch(url, correction, format="json").json()
    assert [(c["name"], c["state"]) for c in patched["components"]] == [("DSP System", 4)]


def test_the_dashboard_rolls_up_the_release(world, secas):
    secas.patch(f"{R}/criteria/{world['criterion'].pk}/", {"status": "met", "evidence": "OPSG 2 June"}, format="json")
    secas.patch(f"{R}/milestones/{world['milestone'].pk}/", {"forecast_date": "2030-06-19"}, format="json")
    secas.post(f"{R}/decisions/", {"body": "panel", "outcome": "go", "date": "2030-06-12"}, format="json")
    dashboard = secas.get(f"{R}/dashboard/").json()
    assert dashboard["criteria"] == [
        {"reviewer": "opsg", "total": 1, "met": 1, "on_track": 0, "at_risk": 0, "not_met": 0, "not_assessed": 0}
    ]
    assert [m["slippage_days"] for m in dashboard["slipped_milestones"]] == [7]
    assert len(dashboard["open_risks"]) == 1
    assert [r["body"] for r in dashboard["recommendations"]] == ["opsg"]
    assert dashboard["decision"]["outcome"] == "go"
    assert dashboard["readiness"]["components"][0]["name"] == "DCC Processes"


def test_release_history_says_who_changed_which_field_from_what_to_what(world, secas):
    secas.patch(f"{R}/scope/{world['item'].pk}/", {"status_note": "Vote on 27 May", "reason": "OPSG update"})
    secas.patch(f"{R}/milestones/{world['milestone'].pk}/", {"brag": "green"}, format="json")
    history = secas.get(f"{R}/history/").json()
    latest, before = history["results"][:2]
    assert latest["kind"] == "milestone"
    assert latest["by"] == "sally-secas"
    assert latest["changes"] == [{"field": "brag", "old": None, "new": "green"}]
    assert before["kind"] == "scope_item"
    assert before["object"] == "MP084 in June 2030 SEC Release"
    assert before["reason"] == "OPSG update"
    assert before["changes"] == [{"field": "status_note", "old": "", "new": "Vote on 27 May"}]
    assert history["count"] == 12  # with MP084 and CR1145, which the release's history follows too


def test_modification_history_follows_it_through_the_releases(world, secas):
    secas.post(f"{R}/scope/{world['item'].pk}/move/", {"to": "july-2031", "reason": "Slipped"})
    history = secas.get("/api/v1/modifications/SECMP0084/history/?page_size=2").json()
    assert history["count"] == 5
    assert history["next"]
    assert [(e["kind"], e["action"], e["object"]) for e in history["results"]] == [
        ("scope_item", "created", "MP084 in July 2031 SEC Release"),
        ("scope_item", "changed", "MP084 in June 2030 SEC Release"),
    ]
    assert {"field": "inclusion", "old": "targeted", "new": "deferred"} in history["results"][1]["changes"]
    # Both entries name both releases, whatever the user's reason says.
    assert {e["reason"] for e in history["results"]} == {
        "Moved from June 2030 SEC Release to July 2031 SEC Release: Slipped"
    }


# -- ETags --------------------------------------------------------------------------------------------


def test_a_detail_answers_304_to_its_own_etag_until_it_changes(world, secas):
    url = f"{R}/milestones/{world['milestone'].pk}/"
    etag = secas.get(url)["ETag"]
    not_modified = secas.get(url, HTTP_IF_NONE_MATCH=etag)
    assert (not_modified.status_code, not_modified.content, not_modified["ETag"]) == (304, b"", etag)
    secas.patch(url, {"notes": "moved"}, format="json")
    assert secas.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_stale_if_match_answers_412_and_changes_nothing(world, secas):
    url = f"{R}/scope/{world['item'].pk}/"
    stale = secas.get(url)["ETag"]
    fresh = secas.patch(url, {"status_note": "first"}, format="json", HTTP_IF_MATCH=stale)["ETag"]
    response = secas.patch(url, {"status_note": "second"}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert set(response.json()) == {"detail"}
    assert secas.delete(url, HTTP_IF_MATCH=stale).status_code == 412
    assert secas.post(f"{url}move/", {"to": "july-2031"}, HTTP_IF_MATCH=stale).status_code == 412
    assert secas.get(url).json()["status_note"] == "first"
    assert secas.patch(url, {"status_note": "third"}, format="json", HTTP_IF_MATCH=fresh).status_code == 200


def test_a_list_answers_304_until_a_row_is_added_or_changed(world, secas):
    url = f"{R}/milestones/?page_size=10"
    etag = secas.get(url)["ETag"]
    assert secas.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert secas.get(f"{R}/milestones/?page_size=10&brag=red", HTTP_IF_NONE_MATCH=etag).status_code == 200
    secas.post(f"{R}/milestones/", {"event": "PIT exit"}, format="json")
    assert secas.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_readiness_report_changes_its_etag_when_a_component_changes(world, client_as):
    secas = client_as("secas")
    url = f"{R}/readiness/{world['report'].pk}/"
    etag = secas.get(url)["ETag"]
    secas.patch(url, {"components": [{"name": "DCC Processes", "state": 3}], "reason": "Misread"}, format="json")
    assert secas.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("url", [f"{R}/dashboard/", f"{R}/history/", "/api/v1/modifications/MP084/history/"])
def test_roll_ups_answer_304_too(world, secas, url):
    etag = secas.get(url)["ETag"]
    assert secas.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_list_etag_changes_when_a_row_it_shows_from_another_table_changes(world, secas):
    """The scope list shows each modification's title: renaming it must not leave a stale 304."""
    url = f"{R}/scope/"
    etag = secas.get(url)["ETag"]
    assert secas.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    secas.patch("/api/v1/modifications/MP084/", {"title": "A new title"}, format="json")
    response = secas.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["results"][0]["modification_title"] == "A new title"


def test_pagination_takes_page_size_up_to_500(world, secas):
    page = secas.get("/api/v1/releases/?page_size=1").json()
    assert (page["count"], len(page["results"]), page["previous"]) == (2, 1, None)
    assert "page=2" in page["next"]
    assert len(secas.get("/api/v1/releases/?page_size=100000").json()["results"]) == 2


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("status=planning", ["june-2030", "july-2031"]),
        ("status=live", []),
        ("implementation_after=2031-01-01", ["july-2031"]),
        ("search=July", ["july-2031"]),
        ("ordering=-implementation_date", ["july-2031", "june-2030"]),
    ],
)
def test_releases_filter_by_status_and_dates(world, secas, query, slugs):
    assert [r["slug"] for r in secas.get(f"/api/v1/releases/?{query}").json()["results"]] == slugs


@pytest.mark.parametrize(
    ("url", "count"),
    [
        (f"{R}/scope/?inclusion=targeted", 1),
        (f"{R}/scope/?inclusion=approved", 0),
        (f"{R}/scope/?cut_off_before=2030-02-01", 0),
        (f"{R}/scope/?cut_off_after=2030-02-01&modification=mp084", 1),
        (f"{R}/scope/?search=supplier", 1),
        ("/api/v1/modifications/?phase=development&impacts_dcc_systems=false", 2),
        ("/api/v1/modifications/?route=fast_track", 0),
        ("/api/v1/modifications/?search=SECMP0084", 1),
        ("/api/v1/modifications/?release=june-2030", 1),
        ("/api/v1/change-requests/?originator=dcc", 1),
        ("/api/v1/change-requests/?originator=beis", 0),
        (f"{R}/milestones/?brag=red", 0),
        (f"{R}/criteria/?status=not_assessed&reviewer=opsg", 1),
    ],
)
def test_lists_filter_and_search(world, secas, url, count):
    assert secas.get(url).json()["count"] == count


def test_the_scope_list_rows_match_the_item_details(world, secas):
    secas.post(f"{R}/scope/", {"modification": "MP085", "fall_back_release": "july-2031", "added_on": "2030-01-01"})
    for row in secas.get(f"{R}/scope/").json()["results"]:
        assert row == secas.get(f"{R}/scope/{row['id']}/").json()


def test_a_poll_with_a_matching_etag_reads_no_row(world, secas, django_assert_num_queries):
    url = f"{R}/scope/"
    etag = secas.get(url)["ETag"]
    with django_assert_num_queries(1):  # the token, its user's roles and the data version
        assert secas.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_an_unchanged_list_is_sent_again_as_built_and_a_lost_cache_only_costs_the_building(
    world, secas, django_assert_num_queries
):
    from django.core.cache import cache

    url = f"{R}/scope/"
    first = secas.get(url)
    with django_assert_num_queries(1):
        again = secas.get(url)
    assert (again.content, again["ETag"]) == (first.content, first["ETag"])
    cache.clear()
    rebuilt = secas.get(url)
    assert (rebuilt.content, rebuilt["ETag"]) == (first.content, first["ETag"])


def test_a_write_through_any_door_changes_the_lists_etag(world, secas):
    """The version is kept by database triggers: a bulk update, which sends no signal, counts too."""
    from releases.models import ScopeItem

    url = f"{R}/scope/"
    etag = secas.get(url)["ETag"]
    ScopeItem.objects.filter(pk=world["item"].pk).update(status_note="Changed behind the app's back")
    response = secas.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["results"][0]["status_note"] == "Changed behind the app's back"
