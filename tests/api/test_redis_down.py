"""When Redis cannot be reached: reads still answer from the database, writes are refused and keep nothing.

A write must replace the data's version in Redis (releases/api/versions.py); one that cannot is not
saved, or polls would go on answering 304 for data that changed.
"""

import pytest
from django.urls import reverse

from releases.models import Milestone

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_unreachable(settings):
    settings.CACHES = {"default": {"BACKEND": "secreleases.cache.RedisCache", "LOCATION": NOTHING_LISTENS}}
    settings.API_CACHED_ETAGS = True


def milestone_url(world):
    return f"/api/v1/releases/june-2030/milestones/{world['milestone'].pk}/"


def test_a_list_still_answers_with_an_etag_of_its_own_rows(world, secas, redis_unreachable):
    response = secas.get("/api/v1/releases/june-2030/scope/")
    assert response.status_code == 200
    assert response.json()["results"][0]["modification"] == "MP084"
    again = secas.get("/api/v1/releases/june-2030/scope/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_an_api_write_is_refused_with_503_and_nothing_is_saved(world, secas, redis_unreachable):
    milestone = world["milestone"]
    history_rows = milestone.history.count()
    response = secas.patch(milestone_url(world), {"event": "Panel go/no-go (moved)"}, format="json")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "nothing was saved" in response.json()["detail"]
    assert Milestone.objects.get(pk=milestone.pk).event == "Panel go/no-go"
    assert milestone.history.count() == history_rows


def test_a_browser_edit_is_refused_with_a_page_that_says_nothing_was_saved(
    world, client, secas_user, redis_unreachable
):
    milestone = world["milestone"]
    before = (milestone.forecast_date, milestone.brag)
    client.force_login(secas_user)
    url = reverse("releases:milestone-change", kwargs={"slug": "june-2030", "pk": milestone.pk})
    data = {"forecast_date": "2030-06-20", "brag": "red", "last_seen": milestone.updated_at.isoformat()}
    response = client.post(url, data)
    assert response.status_code == 503
    assert "Nothing was saved" in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.forecast_date, milestone.brag) == before


def test_the_schema_documents_the_503_on_writes(secas):
    schema = secas.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/releases/{release_slug}/milestones/{id}/"]
    assert "503" in operation["patch"]["responses"]
    assert "503" not in operation["get"]["responses"]
