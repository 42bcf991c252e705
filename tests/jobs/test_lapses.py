"""Rule 2 in-process: an item past its cut-off lapses to its fall-back, once, recorded and announced."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from releases.models import ScopeItem
from releases.reminders import lapse_overdue_scope
from tests.factories import ModificationFactory, ReleaseFactory

from .conftest import ON, days


def test_it_lapses_an_item_after_its_cut_off_to_its_fall_back_release(secas_user, targeted, november, february):
    item = targeted(ON - days(1), fall_back_release=february, part="Part 1")

    [lapse] = lapse_overdue_scope(ON)

    item.refresh_from_db()
    assert item.inclusion == "lapsed"
    new_item = item.replaced_by
    assert (new_item.release, new_item.inclusion, new_item.part) == (february, "targeted", "Part 1")
    assert lapse.to_release == "February 2032 SEC Release"
    reason = item.history.latest().history_change_reason
    assert reason == (
        "Lapsed from June 2031 SEC Release to February 2032 SEC Release: not approved by the cut-off of 1 March 2031."
    )


def test_without_a_fall_back_it_lapses_to_the_next_viable_release(secas_user, targeted, november, february):
    item = targeted(ON - days(1))

    lapse_overdue_scope(ON)

    assert ScopeItem.objects.get(replaces=item).release == november


def test_it_announces_the_lapse_to_the_followers(secas_user, panel_user, targeted, june, november):
    june.set_following(panel_user, True)
    item = targeted(ON - days(1))

    lapse_overdue_scope(ON)

    assert sorted(m.to[0] for m in mail.outbox) == ["pat@panel.example", "sally@secas.example"]
    message = mail.outbox[0]
    assert item.modification.reference in message.subject and "June 2031 SEC Release" in message.subject
    assert "Now targeted in: November 2031 SEC Release" in message.body
    assert "http://localhost:8000/releases/november-2031/" in message.body
    assert "Cut-off: 1 March 2031" in message.body


def test_a_second_run_changes_nothing(secas_user, targeted, november):
    targeted(ON - days(1))
    lapse_overdue_scope(ON)
    items, history = ScopeItem.objects.count(), ScopeItem.history.count()

    assert lapse_overdue_scope(ON) == []
    assert lapse_overdue_scope(ON + days(1)) == []

    assert (ScopeItem.objects.count(), ScopeItem.history.count(), len(mail.outbox)) == (items, history, 1)


def test_it_does_not_lapse_an_item_before_or_on_its_cut_off(secas_user, targeted, november):
    targeted(ON)

    assert lapse_overdue_scope(ON) == []


def test_it_does_not_lapse_an_approved_modification(secas_user, targeted, november):
    targeted(ON - days(1), modification=ModificationFactory(phase="approved"))

    assert lapse_overdue_scope(ON) == []


def test_it_leaves_the_history_of_a_past_release_alone(secas_user, november):
    """The demo's 2020 releases went live long ago: a run in 2026 must not rewrite them."""
    june_2020 = ReleaseFactory(
        name="June 2020 SEC Release", slug="june-2020", implementation_date=datetime.date(2020, 6, 25)
    )
    modification = ModificationFactory(reference="MP084")
    ScopeItem.objects.create(
        release=june_2020, modification=modification, cut_off_date=datetime.date(2020, 5, 27), added_on=ON
    )

    assert lapse_overdue_scope(datetime.date(2026, 11, 23)) == []
    assert modification.scope_items.get().inclusion == "targeted"


def test_with_no_viable_release_the_item_lapses_and_waits_for_secas(secas_user, targeted):
    item = targeted(ON - days(1))

    [lapse] = lapse_overdue_scope(ON)

    item.refresh_from_db()
    assert item.inclusion == "lapsed" and lapse.to_release is None
    assert "SECAS needs to place it by hand" in mail.outbox[0].body


def test_the_command_prints_each_lapse_and_a_summary(secas_user, targeted, november, capsys):
    item = targeted(ON - days(1))

    call_command("lapse_overdue_scope", "--date", ON.isoformat())

    out = capsys.readouterr().out
    assert f"Lapsed {item.modification.reference} from June 2031 SEC Release to November 2031 SEC Release" in out
    assert "1 item(s) lapsed as of 2031-03-02." in out


def test_the_lapse_queries_grow_by_a_small_constant_per_item(secas_user, targeted, november):
    """item.lapse is the rule (lock, close, successor with its checks, history): constant per item, no N+1."""
    counts = []
    for batch in (1, 4, 4):
        for _ in range(batch):
            targeted(ON - days(1))
        with CaptureQueriesContext(connection) as queries:
            lapse_overdue_scope(ON)
        counts.append(len(queries))
    fixed_plus_one, plus_four, plus_four_again = counts
    assert plus_four == plus_four_again
    per_item = (plus_four - fixed_plus_one) / 3
    assert per_item <= 30
