"""Every list endpoint makes the same number of queries for 5 rows as for 200: no N+1."""

import datetime
import itertools

import pytest
from django.core.cache import cache

from tests.factories import (
    ChangeRequestFactory,
    CriterionFactory,
    DecisionFactory,
    MilestoneFactory,
    ModificationFactory,
    ReadinessComponentFactory,
    ReadinessReportFactory,
    ReleaseFactory,
    RiskFactory,
    ScopeItemFactory,
)

pytestmark = pytest.mark.django_db

R = "/api/v1/releases/june-2030"
# The factory's MP5xx sequence runs out of three-digit numbers over a few 200-row tests.
REFERENCES = (f"SECMP{n:04d}" for n in itertools.count(1000))


def new_modification():
    return ModificationFactory(reference=next(REFERENCES))


def scope_row(world, n):
    modification = new_modification()
    modification.add_alias(f"SEC Mod {modification.pk + 700}")
    ScopeItemFactory(release=world["release"], modification=modification, fall_back_release=world["later"])


def change_request_row(world, n):
    modification = new_modification()
    ChangeRequestFactory(release=world["release"], modification=modification, originator="sec_modification")


def readiness_row(world, n):
    report = ReadinessReportFactory(release=world["release"], as_at=datetime.date(2020, 1, 1) + datetime.timedelta(n))
    ReadinessComponentFactory(report=report)
    ReadinessComponentFactory(report=report)


def modification_row(world, n):
    modification = new_modification()
    modification.add_alias(f"SEC Mod {modification.pk + 700}")


def day_before_go_live(n):
    return datetime.date(2030, 6, 1) - datetime.timedelta(days=n)


def history_row(world, n):
    MilestoneFactory(release=world["release"])


# (url, how to add one row, queries): the token with its user's roles and the data version, the page with
# its count, and one query per prefetched relation. The kept answers are cleared before each measure.
LISTS = [
    ("/api/v1/releases/", lambda world, n: ReleaseFactory(), 2),
    (f"{R}/scope/", scope_row, 2),
    (f"{R}/change-requests/", change_request_row, 2),
    ("/api/v1/change-requests/", change_request_row, 2),
    (f"{R}/milestones/", lambda world, n: MilestoneFactory(release=world["release"]), 2),
    (f"{R}/criteria/", lambda world, n: CriterionFactory(release=world["release"]), 2),
    (f"{R}/risks/", lambda world, n: RiskFactory(release=world["release"]), 2),
    (f"{R}/readiness/", readiness_row, 3),
    (f"{R}/decisions/", lambda world, n: DecisionFactory(release=world["release"], date=day_before_go_live(n)), 2),
    ("/api/v1/modifications/", modification_row, 3),
    (f"{R}/history/", history_row, 14),  # token, release, union count, page, one per kind on the page (10)
    ("/api/v1/modifications/MP084/history/", lambda world, n: world["modification"].add_alias(f"MP084 v{n}"), 10),
]


def queries_for(secas, url, django_assert_num_queries, expected):
    cache.clear()  # measure the building of the answer, not its being sent again
    with django_assert_num_queries(expected):
        response = secas.get(url, {"page_size": 500})
    assert response.status_code == 200
    return response.json()["count"]


@pytest.mark.parametrize(("url", "add_row", "queries"), LISTS)
def test_a_list_makes_the_same_queries_for_5_rows_as_for_200(
    world, secas, django_assert_num_queries, url, add_row, queries
):
    for n in range(5):
        add_row(world, n)
    small = queries_for(secas, url, django_assert_num_queries, queries)
    for n in range(5, 200):
        add_row(world, n)
    large = queries_for(secas, url, django_assert_num_queries, queries)
    assert large - small == 195
