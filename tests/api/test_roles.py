"""Every endpoint and method, for each member of the cast: who may read, who may write, and what they get."""

import pytest

pytestmark = pytest.mark.django_db

R = "/api/v1/releases/june-2030"

READS = [
    "/api/v1/releases/",
    f"{R}/",
    f"{R}/scope/",
    f"{R}/scope/{{item}}/",
    f"{R}/change-requests/",
    f"{R}/milestones/",
    f"{R}/milestones/{{milestone}}/",
    f"{R}/criteria/",
    f"{R}/criteria/{{criterion}}/",
    f"{R}/risks/",
    f"{R}/risks/{{risk}}/",
    f"{R}/readiness/",
    f"{R}/readiness/{{report}}/",
    f"{R}/decisions/",
    f"{R}/decisions/{{decision}}/",
    f"{R}/dashboard/",
    f"{R}/history/",
    "/api/v1/modifications/",
    "/api/v1/modifications/MP084/",
    "/api/v1/modifications/MP084/history/",
    "/api/v1/change-requests/",
    "/api/v1/change-requests/{change_request}/",
]

READERS = {"panel", "dcc", "secas"}
SECAS = {"secas"}
SECAS_AND_DCC = {"secas", "dcc"}

# (method, url, body, roles that may, status when they do)
WRITES = [
    (
        "post",
        "/api/v1/releases/",
        {"slug": "nov-2032", "name": "November 2032", "implementation_date": "2032-11-04"},
        SECAS,
        201,
    ),
    ("patch", f"{R}/", {"summary": "The June release."}, SECAS, 200),
    ("delete", "/api/v1/releases/july-2031/", None, SECAS, 204),
    ("post", f"{R}/scope/", {"modification": "MP085", "cut_off_date": "2030-03-01"}, SECAS, 201),
    ("patch", f"{R}/scope/{{item}}/", {"status_note": "The Change Board vote is on 27 May."}, SECAS, 200),
    ("delete", f"{R}/scope/{{item}}/", None, SECAS, 204),
    ("post", f"{R}/scope/{{item}}/move/", {"to": "july-2031", "reason": "Not ready"}, SECAS, 201),
    # The DCC reports forecasts, actual dates and BRAG; SECAS plans (creates, deletes, plans dates and events).
    ("post", f"{R}/milestones/", {"event": "DCC PIT exit", "date": "2030-02-01"}, SECAS, 201),
    ("patch", f"{R}/milestones/{{milestone}}/", {"forecast_date": "2030-06-19", "brag": "amber"}, SECAS_AND_DCC, 200),
    ("patch", f"{R}/milestones/{{milestone}}/", {"date": "2030-06-19"}, SECAS, 200),
    ("patch", f"{R}/milestones/{{milestone}}/", {"event": "Go/no-go", "owner": "dcc"}, SECAS, 200),
    ("delete", f"{R}/milestones/{{milestone}}/", None, SECAS, 204),
    ("post", f"{R}/criteria/", {"category": "testing", "number": 7, "text": "UIT complete."}, SECAS, 201),
    ("patch", f"{R}/criteria/{{criterion}}/", {"status": "met", "evidence": "OPSG 2 June"}, SECAS, 200),
    ("delete", f"{R}/criteria/{{criterion}}/?reason=Duplicate", None, SECAS, 204),
    ("post", f"{R}/risks/", {"kind": "log", "description": "COVID-19", "likelihood": "Possible"}, SECAS, 201),
    ("patch", f"{R}/risks/{{risk}}/", {"status": "closed", "reason": "Mitigated"}, SECAS, 200),
    ("delete", f"{R}/risks/{{risk}}/", None, SECAS, 204),
    (
        "post",
        f"{R}/readiness/",
        {"as_at": "2030-06-01", "components": [{"name": "DSP System", "state": 3, "target_state": 4, "rag": "green"}]},
        SECAS_AND_DCC,
        201,
    ),
    # The DCC reports readiness; SECAS corrects or withdraws a report, with a reason.
    ("patch", f"{R}/readiness/{{report}}/", {"source": "DCC update 1 May", "reason": "Misread"}, SECAS, 200),
    ("delete", f"{R}/readiness/{{report}}/?reason=Sent+twice", None, SECAS, 204),
    ("post", f"{R}/decisions/", {"body": "panel", "outcome": "go", "date": "2030-06-12"}, SECAS, 201),
    ("patch", f"{R}/decisions/{{decision}}/", {"notes": "Unanimous", "reason": "Minutes"}, SECAS, 200),
    ("delete", f"{R}/decisions/{{decision}}/?reason=Recorded+in+error", None, SECAS, 204),
    ("post", "/api/v1/modifications/", {"reference": "MP099", "title": "Testing"}, SECAS, 201),
    ("patch", "/api/v1/modifications/SECMP0084/", {"phase": "refinement"}, SECAS, 200),
    ("delete", "/api/v1/modifications/MP085/", None, SECAS, 204),
    ("post", "/api/v1/change-requests/", {"title": "DCC Production Proving", "originator": "dcc"}, SECAS_AND_DCC, 201),
    ("patch", "/api/v1/change-requests/{change_request}/", {"number": "CR1146"}, SECAS_AND_DCC, 200),
    ("delete", "/api/v1/change-requests/{change_request}/", None, SECAS_AND_DCC, 204),
]


def url_in(world, template: str) -> str:
    return template.format(**{name: getattr(obj, "pk", None) for name, obj in world.items()})


def expected_refusal(role):
    return 401 if role == "anonymous" else 403


@pytest.mark.parametrize("role", ["anonymous", "outsider", "panel", "dcc", "secas"])
@pytest.mark.parametrize("template", READS)
def test_every_role_reads_what_its_role_allows(world, client_as, role, template):
    response = client_as(role).get(url_in(world, template))
    assert response.status_code == (200 if role in READERS else expected_refusal(role))
    if role in READERS:
        assert response["ETag"]
    else:
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("role", ["anonymous", "outsider", "panel", "dcc", "secas"])
@pytest.mark.parametrize(("method", "template", "body", "writers", "success"), WRITES)
def test_every_role_writes_what_its_role_allows(world, client_as, role, method, template, body, writers, success):
    response = getattr(client_as(role), method)(url_in(world, template), body, format="json")
    if role in writers:
        assert response.status_code == success, response.content
    else:
        assert response.status_code == expected_refusal(role), response.content
        assert set(response.json()) == {"detail"}


def test_an_anonymous_call_gets_401_json_and_not_the_login_page(world, client_as):
    response = client_as("anonymous").get("/api/v1/releases/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"] == "Token"


def test_a_bad_token_gets_401(world):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert client.get("/api/v1/releases/").status_code == 401


def test_the_browser_session_works_too_and_writes_need_its_csrf_token(world, secas_user):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(secas_user)
    assert client.get("/api/v1/releases/june-2030/").status_code == 200
    assert client.patch("/api/v1/releases/june-2030/", {"summary": "x"}, format="json").status_code == 403


def test_a_superuser_in_no_group_reads_and_writes(world, superuser):
    from tests.conftest import api_client_for

    client = api_client_for(superuser)
    assert client.get("/api/v1/releases/").status_code == 200
    assert client.patch("/api/v1/releases/june-2030/", {"summary": "x"}, format="json").status_code == 200


def test_a_baseline_has_no_write_methods_on_the_release_resource(world, secas):
    assert secas.put("/api/v1/releases/june-2030/", {}, format="json").status_code == 405
