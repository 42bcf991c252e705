"""The API answers ?as_at=YYYY-MM-DD as the record stood at the end of that day."""

import pytest

from tests.conftest import api_client_for


@pytest.fixture
def api(django_user_model):
    return api_client_for(django_user_model.objects.get(username="panel"))


def scope(api, slug, as_at=None):
    query = {"page_size": 500} | ({"as_at": as_at} if as_at else {})
    response = api.get(f"/api/v1/releases/{slug}/scope/", query)
    assert response.status_code == 200, response.content
    return {item["modification"]: item["inclusion"] for item in response.json()["results"]}


def test_june_2020_scope_on_17_january_2020_lists_mp084_and_mp088(api):
    june = scope(api, "june-2020", "2020-01-17")
    assert june["MP084"] in ("approved", "targeted")
    assert june["MP088"] in ("approved", "targeted")


def test_without_as_at_mp084_and_mp088_are_deferred_from_june_and_targeted_in_november_2020(api):
    assert scope(api, "june-2020")["MP084"] == "deferred"
    assert scope(api, "june-2020")["MP088"] == "deferred"
    assert scope(api, "november-2020")["MP084"] == "targeted"
    assert scope(api, "november-2020")["MP088"] == "targeted"


def test_on_17_january_2020_november_2020_did_not_yet_hold_mp084(api):
    assert "MP084" not in scope(api, "november-2020", "2020-01-17")


@pytest.mark.parametrize("bad", ["26/05/2020", "2020-02-30", "tomorrow", "1999-01-01", "2999-01-01"])
def test_a_bad_as_at_is_a_400_field_error_not_a_500(api, bad):
    for path in (
        "/api/v1/releases/",
        "/api/v1/releases/june-2020/",
        "/api/v1/releases/june-2020/scope/",
        "/api/v1/releases/june-2020/milestones/",
        "/api/v1/releases/june-2020/criteria/",
        "/api/v1/releases/june-2020/dashboard/",
    ):
        response = api.get(path, {"as_at": bad})
        assert response.status_code == 400, (path, response.content)
        assert response.json()["as_at"], response.json()


def test_a_release_asked_for_before_it_existed_is_a_404(api):
    for path in ("/api/v1/releases/november-2020/", "/api/v1/releases/november-2020/scope/"):
        assert api.get(path, {"as_at": "2005-01-01"}).status_code == 404


def test_the_release_list_as_at_a_day_holds_only_the_releases_that_existed(api):
    live = {r["slug"] for r in api.get("/api/v1/releases/", {"page_size": 500}).json()["results"]}
    then = {
        r["slug"] for r in api.get("/api/v1/releases/", {"page_size": 500, "as_at": "2005-01-01"}).json()["results"]
    }
    assert then == set() and "june-2020" in live


def test_the_release_as_at_a_day_has_its_go_live_of_that_day(api):
    """SECP_76_1701_23 (January 2020) planned June 2020 for 25 June 2020; it moved to 6 May 2020 later (RID v1.1)."""
    then = api.get("/api/v1/releases/june-2020/", {"as_at": "2020-01-17"}).json()
    now = api.get("/api/v1/releases/june-2020/").json()
    assert then["implementation_date"] == "2020-06-25"
    assert now["implementation_date"] == "2020-05-06"


def test_the_dashboard_milestones_and_criteria_take_as_at(api):
    dashboard = api.get("/api/v1/releases/november-2020/dashboard/", {"as_at": "2020-05-26"})
    assert dashboard.status_code == 200, dashboard.content
    assert dashboard.json()["release"]["slug"] == "november-2020"
    for endpoint in ("milestones", "criteria", "decisions", "risks"):
        response = api.get(f"/api/v1/releases/november-2020/{endpoint}/", {"as_at": "2020-05-26"})
        assert response.status_code == 200, (endpoint, response.content)


def test_a_scope_item_as_at_a_day_reads_by_its_id(api):
    items = api.get("/api/v1/releases/june-2020/scope/", {"as_at": "2020-01-17", "modification": "MP084"}).json()
    (item,) = items["results"]
    detail = api.get(f"/api/v1/releases/june-2020/scope/{item['id']}/", {"as_at": "2020-01-17"})
    assert detail.status_code == 200
    assert detail.json()["inclusion"] == item["inclusion"]


def test_a_write_naming_as_at_is_refused(django_user_model):
    api = api_client_for(django_user_model.objects.get(username="secas"))
    response = api.post("/api/v1/releases/june-2020/milestones/?as_at=2020-01-17", {"event": "x"}, format="json")
    assert response.status_code == 400
    assert "read-only" in response.json()["as_at"][0]


def test_as_at_lists_read_a_few_queries_whatever_their_length(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        api.get("/api/v1/releases/november-2020/scope/", {"as_at": "2020-05-26"})
    with django_assert_max_num_queries(14):
        api.get("/api/v1/releases/november-2020/dashboard/", {"as_at": "2020-05-26"})


def test_a_scope_download_as_at_a_day_holds_the_rows_of_that_day(api):
    response = api.get("/api/v1/releases/june-2020/scope/", {"as_at": "2020-01-17", "format": "csv"})
    assert response.status_code == 200
    assert "as-at-2020-01-17" in response["Content-Disposition"]
    body = response.content.decode()
    assert "MP084" in body and "deferred" not in body


def test_the_openapi_schema_declares_as_at_on_the_reads_that_take_it(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/releases/",
        "/api/v1/releases/{slug}/",
        "/api/v1/releases/{slug}/dashboard/",
        "/api/v1/releases/{release_slug}/scope/",
        "/api/v1/releases/{release_slug}/milestones/",
        "/api/v1/releases/{release_slug}/criteria/",
    ):
        names = [p["name"] for p in schema["paths"][path]["get"]["parameters"]]
        assert "as_at" in names, path
    assert "as_at" not in [p["name"] for p in schema["paths"]["/api/v1/releases/"]["post"].get("parameters", [])]
