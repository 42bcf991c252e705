"""Time and query counts of both jobs over a demo-sized dataset and 1,000 scope items (PostgreSQL).

Run with -s to see the figures; the assertions pin that queries do not grow per item (reminders)
or grow by item.lapse's constant only (lapses).
"""

import time

import pytest
from django.db import connection

from modifications.models import Modification
from releases.reminders import lapse_overdue_scope, send_cut_off_reminders
from tests.conftest import make_user
from tests.factories import ScopeItemFactory

from .conftest import ON, days

pytestmark = pytest.mark.usefixtures("lead_times")


def scope(count, releases, cut_off_offsets):
    for n in range(count):
        release = releases[n % len(releases)]
        ScopeItemFactory(
            release=release,
            # not ModificationFactory: a thousand turns of its sequence would outgrow MP999 for later tests
            modification=Modification.objects.create(reference=f"SECMP{n:04d}", title=f"Modification {n}"),
            cut_off_date=ON + days(cut_off_offsets[n % len(cut_off_offsets)]),
        )


def people(june, november):
    for n in range(5):
        make_user(f"secas-{n}", "secas", email=f"secas-{n}@secas.example")
    for n in range(3):
        follower = make_user(f"follower-{n}", email=f"follower-{n}@example.com")
        june.set_following(follower, True)
        november.set_following(follower, True)


def measure(job):
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = job(ON)
        elapsed = time.perf_counter() - started
    return result, elapsed, len(queries)


@pytest.mark.parametrize("items", [15, 1000])
def test_reminders_take_queries_per_recipient_not_per_item(items, june, november, february):
    people(june, november)
    scope(items, [june, november, february], [7, 14, 1, 28, 30])

    run, elapsed, queries = measure(send_cut_off_reminders)

    print(f"\nreminders over {items} items: {run.summary()} in {elapsed:.2f}s, {queries} queries")
    assert run.items_due == items * 4 // 5
    # lead times, items, one recipients query per release, then per recipient: savepoint, lock, sent rows, claim
    assert queries <= 2 + 3 + 5 * len(run.emails) + 3


@pytest.mark.parametrize("items", [15, 1000])
def test_lapses_take_a_constant_number_of_queries_per_item(items, june, november, february):
    people(june, november)
    scope(items, [june, november], [-1, -3, 5])

    lapses, elapsed, queries = measure(lapse_overdue_scope)

    overdue = sum(1 for n in range(items) if n % 3 != 2)
    print(f"\nlapses over {items} items: {len(lapses)} lapsed in {elapsed:.2f}s, {queries} queries")
    assert len(lapses) == overdue
    assert queries <= 10 + 30 * overdue
