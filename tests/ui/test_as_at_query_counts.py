"""The pages as at a day read a fixed number of queries, the same with five times the data."""

import pytest
from django.urls import reverse
from django.utils import timezone

from secreleases.clock import UK, as_of
from tests.ui.conftest import build_release

pytestmark = pytest.mark.django_db

# Session, user and roles; the release as it stood; one query per kind of row (scope items and the
# modifications, releases and replaced items they name; milestones, criteria, risks, decisions, readiness
# and its components, cost lines, change requests, SECAS costs, date revisions, RID versions, paper text).
EXPECTED_AS_AT_QUERIES = {"releases:detail": 21, "releases:dashboard": 17, "modifications:detail": 14}


def url_for(name, release):
    if name == "modifications:detail":
        return reverse(name, kwargs={"reference": release.scope_items.first().modification.reference})
    return reverse(name, kwargs={"slug": release.slug})


@pytest.mark.parametrize("name", EXPECTED_AS_AT_QUERIES)
@pytest.mark.parametrize("size", [1, 5])
def test_each_page_as_at_a_day_runs_a_fixed_number_of_queries(
    client_as, secas_user, django_assert_num_queries, name, size
):
    release = build_release(size)
    client = client_as(secas_user)
    url = url_for(name, release)
    # The rows' history is dated by the real clock, not the pages' spring 2020: read it as at the real today.
    real_today = timezone.localdate(timezone=UK)
    with as_of(real_today), django_assert_num_queries(EXPECTED_AS_AT_QUERIES[name]):
        response = client.get(url, {"as_at": real_today.isoformat()})
    assert response.status_code == 200
    assert "The record as it stood at the end of" in response.content.decode()
