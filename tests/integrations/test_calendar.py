"""Calendar feeds of the demo: read with the icalendar library, as a calendar client would, without a session."""

import datetime

import icalendar
import pytest
from django.test import Client

from releases.models import Release, ScopeItem, User
from tests.conftest import api_client_for
from tests.demo.conftest import demo, demo_db  # noqa: F401 - the demo, loaded once for this module

d = datetime.date


def events_of(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def start(event) -> datetime.date:
    return event.decoded("DTSTART")


def find(events, text):
    found = [event for event in events.values() if text in str(event["SUMMARY"])]
    assert len(found) == 1, [str(e["SUMMARY"]) for e in events.values()]
    return found[0]


def mp084_in_november():
    return ScopeItem.objects.active().get(release__slug="november-2020", modification__reference="MP084")


@pytest.fixture
def secas():
    return User.objects.get(username="secas")


def make_feed(user, release=None) -> str:
    response = api_client_for(user).post("/api/v1/calendar-feeds/", {"release": release}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["url"]


def test_the_release_feed_has_the_go_live_and_mp084s_cut_off_and_a_moved_cut_off_keeps_its_uid(secas):
    url = make_feed(secas, "november-2020")
    anonymous = Client()  # a calendar client: no session, only the secret address

    events = events_of(anonymous.get(url))

    go_live = find(events, "November 2020 SEC Release: go-live")
    assert start(go_live) == d(2020, 11, 29)
    cut_off = find(events, "MP084 decision cut-off")
    assert start(cut_off) == d(2020, 10, 22)
    uid, sequence = str(cut_off["UID"]), int(cut_off["SEQUENCE"])
    assert uid == f"scope-item-{mp084_in_november().pk}-cut-off@localhost"
    assert "Authority" in str(cut_off["DESCRIPTION"])
    assert any(
        start(e) == d(2020, 11, 13) and "SEC Panel Approval for Go-Live" in str(e["SUMMARY"]) for e in events.values()
    )
    assert find(events, "DCC-System scope lock")

    item = mp084_in_november()
    changed = api_client_for(secas).patch(
        f"/api/v1/releases/november-2020/scope/{item.pk}/", {"cut_off_date": "2020-10-15"}, format="json"
    )
    assert changed.status_code == 200

    again = events_of(anonymous.get(url))
    assert start(again[uid]) == d(2020, 10, 15)  # the same event, moved: no second one
    assert int(again[uid]["SEQUENCE"]) > sequence
    assert len(again) == len(events)


def test_a_revoked_or_unknown_address_answers_404(secas):
    url = make_feed(secas, "november-2020")
    anonymous = Client()
    assert anonymous.get(url).status_code == 200
    feed_id = api_client_for(secas).get("/api/v1/calendar-feeds/").json()["results"][0]["id"]

    assert api_client_for(secas).delete(f"/api/v1/calendar-feeds/{feed_id}/").status_code == 204

    assert anonymous.get(url).status_code == 404
    assert anonymous.get("/releases/november-2020/calendar.ics?token=not-a-token").status_code == 404
    assert anonymous.get("/releases/november-2020/calendar.ics").status_code == 404
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404


def test_a_feed_opens_only_its_own_release(secas):
    url = make_feed(secas, "november-2020")
    token = url.split("token=")[1]
    assert Client().get(f"/releases/june-2020/calendar.ics?token={token}").status_code == 404


def go_lives(url) -> set[str]:
    events = events_of(Client().get(url))
    return {str(e["SUMMARY"]) for e in events.values() if str(e["SUMMARY"]).endswith(": go-live")}


def test_the_personal_feed_has_every_release_its_user_follows(secas):
    panel = User.objects.get(username="panel")
    for slug in ("june-2020", "november-2020"):
        Release.objects.get(slug=slug).set_following(panel, True)
    assert go_lives(make_feed(panel)) == {"June 2020 SEC Release: go-live", "November 2020 SEC Release: go-live"}
    # SECAS follows every release unless they stop following one.
    Release.objects.get(slug="november-2019").set_following(secas, False)
    assert go_lives(make_feed(secas)) == {
        f"{release.name}: go-live"
        for release in Release.objects.exclude(slug="november-2019").exclude(implementation_date=None)
    }


def test_a_feed_stops_when_its_user_loses_the_role(secas):
    url = make_feed(secas, "november-2020")
    secas.groups.clear()
    assert Client().get(url).status_code == 404


def test_a_user_without_a_role_has_no_feed():
    nobody = User.objects.create_user("nobody", password="correct-horse-battery")
    assert api_client_for(nobody).post("/api/v1/calendar-feeds/", {"release": None}, format="json").status_code == 403


def test_a_signed_in_user_downloads_the_release_calendar(client, secas):
    client.force_login(secas)
    events = events_of(client.get("/releases/november-2020/calendar.ics"))
    assert start(find(events, "November 2020 SEC Release: go-live")) == d(2020, 11, 29)
