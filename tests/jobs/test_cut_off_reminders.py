"""Rule 3 in-process: who is reminded of what, when, and never twice."""

import pytest
from django.core import mail
from django.core.management import call_command

from releases.models import CutOffReminder, ReminderLeadTime
from releases.reminders import nearest_lead_time_reached, send_cut_off_reminders
from tests.conftest import make_user
from tests.factories import ModificationFactory

from .conftest import ON, days

pytestmark = pytest.mark.usefixtures("lead_times")


def recipients_of(outbox) -> list[str]:
    return sorted(address for message in outbox for address in message.to)


def test_it_reminds_secas_of_an_item_seven_days_before_its_cut_off(secas_user, targeted, november):
    item = targeted(ON + days(7), fall_back_release=november, part="Part 2")
    item.modification.title = "Auxiliary Proportional Load Control"
    item.modification.save()

    run = send_cut_off_reminders(ON)

    assert run.reminders_sent == 1
    [message] = mail.outbox
    assert message.to == ["sally@secas.example"]
    assert item.modification.reference in message.subject
    body = message.body
    assert f"{item.modification.reference} Part 2 'Auxiliary Proportional Load Control'" in body
    assert "Cut-off: 9 March 2031 (7-day reminder; 7 days left)" in body
    assert "Fall-back release: November 2031 SEC Release" in body
    assert "http://localhost:8000/releases/june-2031/" in body
    html = message.alternatives[0][0]
    assert 'href="http://localhost:8000/releases/june-2031/"' in html
    assert "Auxiliary Proportional Load Control" in html and "November 2031 SEC Release" in html


def test_it_names_the_next_viable_release_when_no_fall_back_is_set(secas_user, targeted):
    targeted(ON + days(1))

    send_cut_off_reminders(ON)

    assert "Fall-back release: the next viable release" in mail.outbox[0].body


def test_it_sends_one_email_per_recipient_listing_all_their_items(secas_user, panel_user, targeted, november):
    first, second = targeted(ON + days(14)), targeted(ON + days(28))
    third = targeted(ON + days(7), release=november)
    november.set_following(panel_user, True)

    send_cut_off_reminders(ON)

    assert recipients_of(mail.outbox) == ["pat@panel.example", "sally@secas.example"]
    to_sally = next(message for message in mail.outbox if message.to == ["sally@secas.example"])
    for item in (first, second, third):
        assert item.modification.reference in to_sally.body
    to_pat = next(message for message in mail.outbox if message.to == ["pat@panel.example"])
    assert third.modification.reference in to_pat.body and first.modification.reference not in to_pat.body


def test_a_second_run_on_the_same_day_sends_nothing(secas_user, targeted):
    targeted(ON + days(7))

    send_cut_off_reminders(ON)
    again = send_cut_off_reminders(ON)

    assert len(mail.outbox) == 1
    assert again.emails == []
    assert CutOffReminder.objects.count() == 1


def test_it_sends_each_lead_time_once_as_the_cut_off_nears(secas_user, targeted):
    item = targeted(ON + days(28))

    sent = []
    for day in range(0, 29):
        run = send_cut_off_reminders(ON + days(day))
        sent += [lead for email in run.emails for _, lead in email.items]

    assert sent == [28, 14, 7, 1]
    assert sorted(item.reminders.values_list("lead_days", flat=True)) == [1, 7, 14, 28]


def test_a_run_after_a_gap_sends_only_the_nearest_lead_time(secas_user, targeted):
    item = targeted(ON + days(5))  # 28, 14 and 7 days before were all missed

    send_cut_off_reminders(ON)
    send_cut_off_reminders(ON + days(1))

    [message] = mail.outbox
    assert "7-day reminder" in message.body
    assert list(item.reminders.values_list("lead_days", flat=True)) == [7]


def test_a_run_as_of_an_earlier_day_does_not_send_an_older_lead_time_afterwards(secas_user, targeted):
    targeted(ON + days(5))
    send_cut_off_reminders(ON)

    late = send_cut_off_reminders(ON - days(10))  # 15 days before: the 28-day one is long passed

    assert late.emails == []
    assert len(mail.outbox) == 1


def test_a_moved_cut_off_gets_its_own_reminders(secas_user, targeted):
    item = targeted(ON + days(7))
    send_cut_off_reminders(ON)

    item.update(cut_off_date=ON + days(14), reason="The Change Board vote moved")
    send_cut_off_reminders(ON)

    assert len(mail.outbox) == 2
    assert "14-day reminder" in mail.outbox[1].body


def test_it_uses_the_lead_times_secas_set(secas_user, targeted):
    ReminderLeadTime.objects.all().delete()
    ReminderLeadTime.objects.create(days=3)
    targeted(ON + days(7))
    in_three = targeted(ON + days(3))

    send_cut_off_reminders(ON)

    [message] = mail.outbox
    assert in_three.modification.reference in message.body and "3-day reminder" in message.body


def test_it_reminds_on_the_cut_off_day_but_not_after(secas_user, targeted):
    targeted(ON)
    targeted(ON - days(1))

    run = send_cut_off_reminders(ON)

    assert run.reminders_sent == 1


def test_it_does_not_remind_of_a_release_past_its_go_live(secas_user, targeted, june):
    june.reschedule("implementation", ON + days(30), reason="Brought forward")
    june.status = "live"
    june.save()
    targeted(ON + days(7))

    assert send_cut_off_reminders(ON).emails == []
    assert mail.outbox == []


def test_it_does_not_remind_of_an_approved_modification(secas_user, targeted):
    targeted(ON + days(7), modification=ModificationFactory(phase="approved"))

    assert send_cut_off_reminders(ON).emails == []


def test_a_secas_user_who_opted_out_is_not_emailed(secas_user, targeted, june):
    colleague = make_user("colin-secas", "secas", email="colin@secas.example")
    june.set_following(secas_user, False)
    targeted(ON + days(7))

    send_cut_off_reminders(ON)

    assert recipients_of(mail.outbox) == [colleague.email]


def test_a_follower_outside_secas_is_emailed_and_an_outsider_is_not(secas_user, dcc_user, outsider, targeted, june):
    june.set_following(dcc_user, True)
    targeted(ON + days(7))

    send_cut_off_reminders(ON)

    assert recipients_of(mail.outbox) == ["dan@dcc.example", "sally@secas.example"]


def test_the_lead_time_reached_is_the_nearest_one():
    assert nearest_lead_time_reached(ON + days(5), ON, [28, 14, 7, 1]) == 7
    assert nearest_lead_time_reached(ON + days(7), ON, [28, 14, 7, 1]) == 7
    assert nearest_lead_time_reached(ON + days(29), ON, [28, 14, 7, 1]) is None
    assert nearest_lead_time_reached(ON - days(1), ON, [28, 14, 7, 1]) is None


def test_the_command_prints_each_email_and_a_summary(secas_user, targeted, capsys):
    item = targeted(ON + days(7))

    call_command("send_cutoff_reminders", "--date", ON.isoformat())

    out = capsys.readouterr().out
    assert f"Reminded sally@secas.example: {item.modification.reference} (7-day)" in out
    assert "1 email(s), 1 reminder(s) sent as of 2031-03-02" in out


def test_the_reminder_query_count_does_not_grow_with_items(secas_user, panel_user, targeted, june, november):
    june.set_following(panel_user, True)
    for _ in range(3):
        targeted(ON + days(7))
        targeted(ON + days(14), release=november)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        send_cut_off_reminders(ON)
    CutOffReminder.objects.all().delete()
    for _ in range(30):
        targeted(ON + days(7))
        targeted(ON + days(14), release=november)
    with CaptureQueriesContext(connection) as many:
        send_cut_off_reminders(ON)

    assert len(many) == len(few)
