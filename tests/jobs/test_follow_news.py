"""Followers choose what they hear about: an unchosen kind of news is never sent to them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from releases.models import Decision, RidVersion
from releases.reminders import lapse_overdue_scope, send_cut_off_reminders
from releases.tasks import announce_release_news

from .conftest import ON, days

pytestmark = pytest.mark.usefixtures("lead_times")


def sent_to(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


@pytest.fixture
def news_sent_at_once(monkeypatch, django_capture_on_commit_callbacks):
    """The worker's part run in the test: the news task called as the commit would enqueue it."""
    monkeypatch.setattr(announce_release_news, "delay", lambda *args: announce_release_news.run(*args))

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def test_a_panel_member_who_follows_hears_of_cut_offs_but_not_of_lapses_they_turned_off(
    panel_user, targeted, june, november
):
    june.set_following(panel_user, True, {"lapses": False})
    targeted(ON + days(7), fall_back_release=november)
    overdue = targeted(ON - days(1), fall_back_release=november)

    send_cut_off_reminders(ON)
    assert "pat@panel.example" in sent_to(mail.outbox)
    mail.outbox.clear()

    [lapse] = lapse_overdue_scope(ON)
    assert lapse.label == overdue.label
    assert mail.outbox == []  # nobody else follows, and the Panel member said no to lapses


def test_a_dcc_member_who_turned_off_reminders_is_not_reminded_while_secas_are(secas_user, dcc_user, targeted, june):
    june.set_following(dcc_user, True, {"cut_off_reminders": False, "lapses": True})
    targeted(ON + days(7))

    send_cut_off_reminders(ON)

    assert sent_to(mail.outbox) == ["sally@secas.example"]


def test_secas_may_turn_off_one_kind_and_keep_the_rest(secas_user, targeted, june):
    june.set_following(secas_user, True, {"cut_off_reminders": False})
    targeted(ON + days(7))
    targeted(ON - days(1))

    send_cut_off_reminders(ON)
    assert mail.outbox == []
    lapse_overdue_scope(ON)
    assert sent_to(mail.outbox) == ["sally@secas.example"]


def test_followers_hear_of_a_decision_unless_they_turned_decisions_off(
    secas_user, panel_user, dcc_user, june, news_sent_at_once
):
    june.set_following(panel_user, True)
    june.set_following(dcc_user, True, {"decisions": False})

    news_sent_at_once(
        lambda: Decision.record(release=june, body="opsg", outcome="go", date=datetime.date(2031, 6, 2), paper="OPSG_1")
    )

    assert sent_to(mail.outbox) == ["pat@panel.example", "sally@secas.example"]
    message = mail.outbox[0]
    assert message.subject == "June 2031 SEC Release: Operations Group: Go on 2 June 2031 (OPSG_1)."
    assert "http://localhost:8000/releases/june-2031/" in message.body


def test_followers_hear_of_a_rid_baseline_unless_they_turned_baselines_off(
    secas_user, panel_user, june, news_sent_at_once
):
    june.set_following(secas_user, True, {"baselines": False})
    june.set_following(panel_user, True)

    news_sent_at_once(
        lambda: RidVersion.objects.create(
            release=june, version="1.0", changes="Baselined", baselined=True, baselined_on=datetime.date(2030, 7, 1)
        )
    )

    assert sent_to(mail.outbox) == ["pat@panel.example"]
    assert "The Panel baselined version 1.0 of the RID on 1 July 2030." in mail.outbox[0].body


def test_a_release_that_went_live_sends_no_news(secas_user, news_sent_at_once):
    from tests.factories import ReleaseFactory

    past = ReleaseFactory(implementation_date=datetime.date(2020, 6, 25), status="live")
    news_sent_at_once(lambda: Decision.record(release=past, body="tag", outcome="go", date=datetime.date(2020, 6, 1)))

    assert mail.outbox == []


# -- the follow page -------------------------------------------------------------------------------


def test_a_panel_member_follows_a_release_and_chooses_what_they_hear_about(client, panel_user, june):
    client.force_login(panel_user)
    url = reverse("releases:follow", kwargs={"slug": june.slug})
    page = client.get(url).content.decode()
    assert "Cut-off reminders" in page and "RID baselines" in page

    data = {"preferences": "1", "following": "on", "hears_cut_off_reminders": "on", "hears_decisions": "on"}
    assert client.post(url, data).status_code == 303

    follow = june.follows.get(user=panel_user)
    assert follow.following and follow.hears_cut_off_reminders and follow.hears_decisions
    assert not follow.hears_lapses and not follow.hears_baselines
    assert panel_user in june.reminder_recipients("cut_off_reminders")
    assert panel_user not in june.reminder_recipients("lapses")


def test_someone_without_a_role_may_not_follow(client, outsider, june):
    client.force_login(outsider)
    url = reverse("releases:follow", kwargs={"slug": june.slug})
    assert client.get(url).status_code == 403
    assert client.post(url, {"following": "yes"}).status_code == 403
    assert not june.follows.exists()
