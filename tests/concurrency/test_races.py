"""Two writers holding the same version, at once, through gunicorn: exactly one wins, the other is refused.

Fifty rounds through the API (the same ETag as If-Match on two PATCHes) and fifty through the browser
form (two signed-in sessions posting the same form version). Each round starts both requests behind a
barrier, against three gunicorn workers, so they really meet at the database; the version is compared
under the row lock the write takes (secreleases.concurrency), so the second waits, re-reads and loses.
"""

import datetime
import functools
import re
import threading
from collections import Counter

import pytest
import requests

from releases.models import ScopeItem
from tests.conftest import make_user, token_for
from tests.factories import ModificationFactory, ReleaseFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROUNDS = 50
PASSWORD = "correct-horse-battery"


@pytest.fixture
def item(transactional_db):
    release = ReleaseFactory(
        slug="race-2031", name="Race 2031 SEC Release", implementation_date=datetime.date(2031, 6, 25)
    )
    return ScopeItem.add(release=release, modification=ModificationFactory(), cut_off_date=datetime.date(2031, 3, 1))


def race(*writers):
    """Run the writers at the same instant; their answers, in order."""
    barrier = threading.Barrier(len(writers))
    answers = [None] * len(writers)

    def run(index, write):
        barrier.wait()
        answers[index] = write()

    threads = [threading.Thread(target=run, args=(i, write)) for i, write in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_two_api_writers_with_the_same_etag_one_wins_one_gets_412_in_every_round(gunicorn, item):
    server = gunicorn()
    user = make_user("rita-race", "secas")
    token = token_for(user)
    url = f"{server.base}/api/v1/releases/race-2031/scope/{item.pk}/"
    clients = [requests.Session() for _ in range(2)]
    for client in clients:
        client.headers["Authorization"] = f"Token {token}"

    tally = Counter()
    for round_ in range(ROUNDS):
        etag = clients[0].get(url).headers["ETag"]
        notes = [f"round {round_}: writer {n}" for n in range(2)]
        answers = race(
            *[
                (
                    lambda c=client, note=note, tag=etag: c.patch(
                        url, json={"status_note": note}, headers={"If-Match": tag}
                    )
                )
                for client, note in zip(clients, notes, strict=True)
            ]
        )
        codes = [answer.status_code for answer in answers]
        assert sorted(codes) == [200, 412], (round_, codes, [a.text for a in answers])
        winner = notes[codes.index(200)]
        assert clients[0].get(url).json()["status_note"] == winner
        assert answers[codes.index(412)].json()["detail"].startswith("The object changed since you read it")
        tally[tuple(codes)] += 1
    assert sum(tally.values()) == ROUNDS
    print(f"API: {ROUNDS} rounds, each one 200 and one 412; first writer won {tally[(200, 412)]} times")


def signed_in(server) -> requests.Session:
    session = requests.Session()
    login = f"{server.base}/accounts/login/"
    page = session.get(login)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        login,
        data={"username": "bob-browser", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": login},
    )
    assert answer.ok and "Sign out bob-browser" in answer.text
    return session


def read_form(session, url) -> dict:
    html = session.get(url).text
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("csrfmiddlewaretoken", "last_seen")
    }


def test_two_browser_writers_of_the_same_form_version_one_saves_one_sees_the_stale_edit_message(gunicorn, item):
    server = gunicorn()
    make_user("bob-browser", "secas")
    url = f"{server.base}/releases/race-2031/scope/{item.pk}/"
    sessions = [signed_in(server), signed_in(server)]

    tally = Counter()
    for round_ in range(ROUNDS):
        forms = [read_form(session, url) for session in sessions]
        assert forms[0]["last_seen"] == forms[1]["last_seen"]  # both read the same version
        notes = [f"round {round_}: browser {n}" for n in range(2)]
        posts = [
            {**form, "cut_off_date": "2031-03-01", "fall_back_release": "", "status_note": note, "reason": "Race"}
            for form, note in zip(forms, notes, strict=True)
        ]
        answers = race(
            *[
                (lambda s=session, data=data: s.post(url, data=data, headers={"Referer": url}, allow_redirects=False))
                for session, data in zip(sessions, posts, strict=True)
            ]
        )
        codes = [answer.status_code for answer in answers]
        assert sorted(codes) == [200, 303], (round_, codes)
        refused = answers[codes.index(200)]
        assert "Someone else saved a newer version of this while you were editing." in refused.text
        winner = notes[codes.index(303)]
        item.refresh_from_db()
        assert item.status_note == winner
        tally[tuple(codes)] += 1
    assert sum(tally.values()) == ROUNDS
    print(f"Browser: {ROUNDS} rounds, each one saved (303) and one refused (the stale-edit message)")


DECISION_ROUNDS = 20


def test_two_clients_recording_the_same_decision_at_once_one_records_it_one_is_told_it_is_decided(gunicorn, item):
    """Modification.record_decision takes the modification's row lock: the second comer re-reads it decided."""
    from modifications.models import KeyDate

    server = gunicorn()
    token = token_for(make_user("dora-decides", "secas"))
    clients = [requests.Session() for _ in range(2)]
    for client in clients:
        client.headers["Authorization"] = f"Token {token}"
    today = datetime.date.today().isoformat()
    outcomes = Counter()
    for round_ in range(DECISION_ROUNDS):
        modification = ModificationFactory(route="self_governance", phase="change_board")
        targeted = ScopeItem.add(release=item.release, modification=modification)
        url = f"{server.base}/api/v1/modifications/{modification.reference}/decisions/"
        decision = {"body": "change_board", "outcome": "approve", "date": today, "paper": f"CB_{round_}"}
        answers = race(*(functools.partial(client.post, url, json=decision) for client in clients))
        statuses = sorted(answer.status_code for answer in answers)
        outcomes[tuple(statuses)] += 1
        assert statuses == [201, 409], [answer.text for answer in answers]
        assert "already" in next(a for a in answers if a.status_code == 409).json()["detail"]
        assert KeyDate.objects.filter(modification=modification).count() == 1
        targeted.refresh_from_db()
        assert targeted.inclusion == "approved"
        assert targeted.history.filter(inclusion="approved").count() == 1
    assert outcomes == {(201, 409): DECISION_ROUNDS}
