"""Nothing a client sends answers 500, and every API error is JSON: the 500s testers found, each now a 4xx."""

import datetime
import json

import pytest
import requests
from django.test import RequestFactory

from releases.rid import baseline
from secreleases.api.parsers import MAX_BODY_BYTES
from secreleases.errors import server_error
from tests.conftest import make_user, token_for

pytestmark = pytest.mark.django_db

R = "/api/v1/releases/june-2030"


def send_json(client, method, url, text):
    return client.generic(method, url, text.encode("utf-8", "surrogatepass"), content_type="application/json")


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


# -- the five 500s of issue #12 --------------------------------------------------------------------------


def test_delete_on_the_nested_change_request_route_is_a_json_404_not_an_attribute_error(world, secas):
    cr = world["change_request"]
    assert_json_error(secas.delete(f"{R}/change-requests/{cr.pk}/"), 404)
    assert_json_error(secas.delete(f"{R}/change-requests/"), 405)
    assert secas.get(f"/api/v1/change-requests/{cr.pk}/").status_code == 200  # it is still there


def test_a_readiness_component_without_a_name_is_bad_input_not_a_key_error(world, secas):
    url = f"{R}/readiness/{world['report'].pk}/"
    body = assert_json_error(secas.patch(url, {"components": [{"state": 2}], "reason": "x"}, format="json"), 400)
    assert body == {"components": ["Each component has a name."]}


def test_json_nested_a_thousand_deep_is_bad_input_not_a_recursion_error(world, secas):
    deep = "[" * 1000 + "]" * 1000
    body = assert_json_error(send_json(secas, "POST", f"{R}/risks/", deep), 400)
    assert "nested deeper than" in body["detail"]
    not_so_deep = json.dumps({"description": "x", "views": "y"})
    assert send_json(secas, "POST", f"{R}/risks/", not_so_deep).status_code == 201


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/api/v1/modifications/", '{"reference": "\\ud800", "title": "x"}'),
        (f"{R}/scope/", '{"modification": "MP\\udc00"}'),
        ("/api/v1/modifications/", '{"\\ud800": 1, "reference": "MP301", "title": "x"}'),
    ],
)
def test_a_lone_surrogate_is_bad_input_not_a_unicode_encode_error(world, secas, url, text):
    body = assert_json_error(send_json(secas, "POST", url, text), 400)
    assert "lone surrogate" in body["detail"]


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_a_go_live_date_in_year_one_is_bad_input_not_a_value_error(world, secas, date):
    created = secas.post(
        "/api/v1/releases/", {"slug": "nov-2032", "name": "November 2032", "implementation_date": date}, format="json"
    )
    assert assert_json_error(created, 400) == {
        "implementation_date": ["Give a date between 1 January 2000 and 31 December 2099."]
    }
    moved = secas.patch(f"{R}/", {"implementation_date": date, "date_change_reason": "Typing slip"}, format="json")
    assert "implementation_date" in assert_json_error(moved, 400)
    world["release"].refresh_from_db()
    assert world["release"].implementation_date == datetime.date(2030, 6, 25)


# -- JSON for every error, and stated limits -------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing/", "/api/v1/releases/june-2030/nothing/", "/api/v2/releases/", "/api/"]
)
def test_an_unrouted_api_path_is_a_json_404(world, secas, path):
    assert_json_error(secas.get(path), 404)


def test_an_unrouted_browser_path_is_still_the_html_404(client):
    response = client.get("/nothing/")
    assert response.status_code in (302, 404)  # anonymous visitors are sent to sign in first
    assert not response.get("Content-Type", "").startswith("application/json")


def test_a_body_over_the_stated_limit_is_a_json_413(world, secas):
    text = json.dumps({"description": "x" * (MAX_BODY_BYTES + 1)})
    body = assert_json_error(send_json(secas, "POST", f"{R}/risks/", text), 413)
    assert "1,000,000 bytes" in body["detail"]
    assert not world["release"].risks.filter(description__startswith="xxx").exists()


def test_a_body_that_is_not_json_is_a_json_415(world, secas):
    response = secas.post(f"{R}/risks/", {"description": "x"}, format="multipart")
    assert_json_error(response, 415)


def test_five_thousand_components_are_refused_at_once(world, secas):
    components = [{"name": f"Component {n}", "state": 1} for n in range(5000)]
    body = {"as_at": "2030-06-01", "components": components}
    errors = assert_json_error(secas.post(f"{R}/readiness/", body, format="json"), 400)
    assert "components" in errors
    assert not world["release"].readiness_reports.filter(as_at=datetime.date(2030, 6, 1)).exists()


def test_free_text_has_a_stated_limit(world, secas):
    errors = assert_json_error(secas.post(f"{R}/risks/", {"description": "x" * 20_001}, format="json"), 400)
    assert errors == {"description": ["Ensure this field has no more than 20000 characters."]}


def test_a_server_error_under_api_is_json():
    request = RequestFactory().get("/api/v1/releases/")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 500 and response["Content-Type"] == "application/json"


# -- the PDF answers Accept: application/pdf; change requests filter by number ---------------------------


@pytest.fixture
def baselined(world):
    return baseline(world["release"], version="1.0", changes="First", baselined_on=datetime.date(2026, 1, 5))


def test_the_pdf_endpoint_honours_accept_application_pdf(world, baselined, panel_user, api_as):
    url = f"{R}/rids/1.0/pdf/"
    response = api_as(panel_user).get(url, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 202  # rendered by the worker; not 406
    assert response["Retry-After"] == "5" and response.json()["state"] == "pending"
    missing = api_as(panel_user).get(f"{R}/rids/9.9/pdf/", HTTP_ACCEPT="application/pdf")
    assert_json_error(missing, 404)
    docx = api_as(panel_user).get(
        f"{R}/rids/1.0/docx/",
        HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_change_requests_filter_by_number(world, secas):
    from tests.factories import ChangeRequestFactory

    ChangeRequestFactory(number="CR1146")
    numbers = [cr["number"] for cr in secas.get("/api/v1/change-requests/?number=CR1145").json()["results"]]
    assert numbers == ["CR1145"]
    assert secas.get("/api/v1/change-requests/?number=cr1145").json()["count"] == 1
    assert secas.get(f"{R}/change-requests/?number=CR1146").json()["count"] == 0


# -- an unreachable database: 503 with Retry-After, JSON for the API, a plain page for the browser ------


@pytest.mark.slow
def test_an_unreachable_database_answers_503_with_retry_after(gunicorn):
    server = gunicorn(DATABASE_URL="postgres://postgres@127.0.0.1:1/secreleases_record_down")
    api = requests.get(f"{server.base}/api/v1/releases/", headers={"Authorization": "Token abc"}, timeout=30)
    assert (api.status_code, api.headers["Retry-After"]) == (503, "10")
    assert api.headers["Content-Type"] == "application/json"
    assert "nothing was saved" in api.json()["detail"]
    page = requests.get(f"{server.base}/", cookies={"sessionid": "a-session"}, timeout=30)
    assert (page.status_code, page.headers["Retry-After"]) == (503, "10")
    assert "SEC Releases is back in a moment" in page.text


@pytest.mark.slow
def test_the_same_server_answers_again_once_the_database_is_back(gunicorn):
    user = make_user("dora-db", "panel")
    token = token_for(user)
    server = gunicorn()
    answer = requests.get(f"{server.base}/api/v1/releases/", headers={"Authorization": f"Token {token}"}, timeout=30)
    assert answer.status_code == 200
