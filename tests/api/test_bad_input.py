"""Bad input answers 400 with the field at fault; a rule that forbids a change answers 409 with a detail."""

import datetime

import pytest

from releases.models import RidVersion
from tests.factories import ReleaseFactory

pytestmark = pytest.mark.django_db

R = "/api/v1/releases/june-2030"
GOOD_RELEASE = {"slug": "nov-2032", "name": "November 2032", "implementation_date": "2032-11-04"}

# (method, url, body, field named in the 400)
BAD_INPUT = [
    # releases: wrong types, unknown values, dates out of order, duplicates
    ("post", "/api/v1/releases/", {**GOOD_RELEASE, "implementation_date": "next spring"}, "implementation_date"),
    ("post", "/api/v1/releases/", {**GOOD_RELEASE, "slug": "no spaces please"}, "slug"),
    ("post", "/api/v1/releases/", {**GOOD_RELEASE, "status": "shipped"}, "status"),
    ("post", "/api/v1/releases/", {**GOOD_RELEASE, "slug": "june-2030"}, "slug"),
    ("post", "/api/v1/releases/", {**GOOD_RELEASE, "dcc_quoted_total": "-5"}, "non_field_errors"),
    ("post", "/api/v1/releases/", {**GOOD_RELEASE, "system_scope_lock_date": "2033-01-01"}, "non_field_errors"),
    ("patch", f"{R}/", {"document_scope_lock_date": "2030-07-01", "date_change_reason": "x"}, "non_field_errors"),
    ("patch", f"{R}/", {"document_scope_lock_date": "2030-01-01"}, "date_change_reason"),
    ("patch", f"{R}/", {"implementation_date": "0001-01-01", "date_change_reason": "x"}, "implementation_date"),
    ("patch", f"{R}/", {"name": ["not", "text"]}, "name"),
    # scope items
    ("post", f"{R}/scope/", {"modification": "MP999"}, "modification"),
    ("post", f"{R}/scope/", {"modification": 85}, "modification"),
    ("post", f"{R}/scope/", {"modification": "MP085", "fall_back_release": "no-such-release"}, "fall_back_release"),
    ("post", f"{R}/scope/", {"modification": "MP085", "cut_off_date": "2030-07-01"}, "cut_off_date"),
    ("post", f"{R}/scope/", {"modification": "MP085", "cut_off_date": 20300101}, "cut_off_date"),
    ("post", f"{R}/scope/", {"modification": "MP085", "fall_back_release": "june-2030"}, "fall_back_release"),
    ("post", f"{R}/scope/", {"modification": "MP085", "fall_back_release": "june-2029"}, "fall_back_release"),
    ("patch", f"{R}/scope/{{item}}/", {"cut_off_date": "2031-01-01"}, "cut_off_date"),
    ("patch", f"{R}/scope/{{item}}/", {"exception_approved_on": "2030-01-01"}, "exception_approved_on"),
    ("post", f"{R}/scope/{{item}}/move/", {"to": "no-such-release"}, "to"),
    ("post", f"{R}/scope/{{item}}/move/", {"to": "june-2030"}, "to"),
    ("post", f"{R}/scope/{{item}}/move/", {}, "to"),
    # milestones
    ("post", f"{R}/milestones/", {"event": "PIT exit", "date": "2030-13-01"}, "date"),
    ("post", f"{R}/milestones/", {"event": "PIT exit", "brag": "purple"}, "brag"),
    ("post", f"{R}/milestones/", {"date": "2030-01-01"}, "event"),
    ("patch", f"{R}/milestones/{{milestone}}/", {"owner": "ofgem"}, "owner"),
    # criteria
    ("post", f"{R}/criteria/", {"category": "operational", "number": 1, "text": "Again"}, "non_field_errors"),
    ("post", f"{R}/criteria/", {"category": "operational", "number": "one", "text": "x"}, "number"),
    ("patch", f"{R}/criteria/{{criterion}}/", {"status": "great"}, "status"),
    # risks
    ("post", f"{R}/risks/", {"kind": "rumour", "description": "x"}, "kind"),
    ("post", f"{R}/risks/", {"likelihood": "Possible"}, "description"),
    # readiness reports
    ("post", f"{R}/readiness/", {"as_at": "2030-06-01", "components": [{"state": 2}]}, "components"),
    ("patch", f"{R}/readiness/{{report}}/", {"components": [{"state": 2}], "reason": "x"}, "components"),
    ("patch", f"{R}/readiness/{{report}}/", {"source": "DCC"}, "reason"),
    ("delete", f"{R}/readiness/{{report}}/", None, "reason"),
    (
        "post",
        f"{R}/readiness/",
        {"as_at": "2030-06-01", "components": [{"name": f"C{n}"} for n in range(41)]},
        "components",
    ),
    ("post", f"{R}/readiness/", {"as_at": "2030-06-01", "components": [{"name": "DSP", "state": 7}]}, "components"),
    (
        "post",
        f"{R}/readiness/",
        {"as_at": "2030-06-01", "components": [{"name": "DSP"}, {"name": "DSP"}]},
        "components",
    ),
    ("post", f"{R}/readiness/", {"as_at": "yesterday", "components": []}, "as_at"),
    ("patch", f"{R}/readiness/{{report}}/", {"components": "DSP System"}, "components"),
    # decisions
    ("post", f"{R}/decisions/", {"body": "panel", "outcome": "go_with_conditions", "date": "2030-06-12"}, "outcome"),
    ("post", f"{R}/decisions/", {"body": "opsg", "outcome": "defer", "date": "2030-06-12"}, "outcome"),
    ("post", f"{R}/decisions/", {"body": "opsg", "outcome": "go"}, "date"),
    ("patch", f"{R}/decisions/{{decision}}/", {"notes": "Unanimous"}, "reason"),
    ("delete", f"{R}/decisions/{{decision}}/", None, "reason"),
    # modifications
    ("post", "/api/v1/modifications/", {"reference": "MP84", "title": "x"}, "reference"),
    ("post", "/api/v1/modifications/", {"reference": "MP084", "title": "x"}, "reference"),
    ("post", "/api/v1/modifications/", {"reference": "SECMP0084", "title": "x"}, "reference"),
    ("post", "/api/v1/modifications/", {"reference": "MP099", "title": "x", "impacts_duis": "maybe"}, "impacts_duis"),
    ("post", "/api/v1/modifications/", {"reference": "MP099", "title": "x", "aliases": ["MP085"]}, "aliases"),
    ("patch", "/api/v1/modifications/MP085/", {"aliases": ["SECMP0084"]}, "aliases"),
    ("patch", "/api/v1/modifications/MP085/", {"impacts_dcc_systems": "sometimes"}, "impacts_dcc_systems"),
    ("patch", "/api/v1/modifications/MP085/", {"reference": "MP185"}, "reason"),
    ("patch", "/api/v1/modifications/MP085/", {"aliases": [f"Mod {n}" for n in range(21)]}, "aliases"),
    # change requests
    ("post", "/api/v1/change-requests/", {"number": "1145", "title": "x", "originator": "dcc"}, "number"),
    ("post", "/api/v1/change-requests/", {"number": "CR1145", "title": "x", "originator": "dcc"}, "number"),
    (
        "post",
        "/api/v1/change-requests/",
        {"title": "x", "originator": "sec_modification", "modification": "MP9"},
        "modification",
    ),
    ("post", "/api/v1/change-requests/", {"title": "x", "originator": "dcc", "release": "nope"}, "release"),
    (
        "post",
        "/api/v1/change-requests/",
        {"title": "x", "originator": "dcc", "modification": "MP084"},
        "non_field_errors",
    ),
    (
        "post",
        "/api/v1/change-requests/",
        {"title": "x", "originator": "beis", "duis_schema_change": "perhaps"},
        "duis_schema_change",
    ),
]


@pytest.fixture
def world_with_history(world):
    ReleaseFactory(name="June 2029 SEC Release", slug="june-2029", implementation_date=datetime.date(2029, 6, 27))
    return world


def url_in(world, template):
    return template.format(**{name: getattr(obj, "pk", None) for name, obj in world.items()})


@pytest.mark.parametrize(("method", "template", "body", "field"), BAD_INPUT)
def test_bad_input_answers_400_naming_the_field(world_with_history, secas, method, template, body, field):
    response = getattr(secas, method)(url_in(world_with_history, template), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()


@pytest.mark.parametrize(
    "body",
    ["not json at all", '{"slug": ', "[1, 2, 3]", '"a string"', "null"],
)
def test_a_body_that_is_not_an_object_answers_400(world, secas, body):
    response = secas.generic("POST", "/api/v1/releases/", body, content_type="application/json")
    assert response.status_code == 400


def test_a_second_active_item_for_the_same_modification_is_a_conflict(world, secas):
    response = secas.post("/api/v1/releases/july-2031/scope/", {"modification": "MP084"}, format="json")
    assert response.status_code == 409
    assert "in June 2030 SEC Release" in response.json()["detail"]


def test_a_part_beside_an_active_whole_item_is_a_conflict(world, secas):
    response = secas.post(
        "/api/v1/releases/july-2031/scope/", {"modification": "SEC Mod 84", "part": "Part 2"}, format="json"
    )
    assert response.status_code == 409


def test_a_release_with_scope_items_or_baselines_cannot_be_deleted(world, secas):
    assert secas.delete(f"{R}/").status_code == 409
    RidVersion.objects.create(
        release=world["later"], version="1.0", changes="Baselined", baselined_on=datetime.date(2030, 7, 1)
    )
    response = secas.delete("/api/v1/releases/july-2031/")
    assert response.status_code == 409
    assert "RID" in response.json()["detail"] or "version" in response.json()["detail"]


def test_a_modification_that_has_been_in_scope_cannot_be_deleted(world, secas):
    response = secas.delete("/api/v1/modifications/MP084/")
    assert response.status_code == 409
    assert set(response.json()) == {"detail"}


def test_an_item_already_removed_cannot_be_removed_again(world, secas):
    url = f"{R}/scope/{world['item'].pk}/"
    assert secas.delete(url).status_code == 204
    assert secas.delete(url).status_code == 409
    assert secas.patch(url, {"inclusion": "targeted"}, format="json").status_code == 409


def test_unknown_objects_answer_404(world, secas):
    for url in [
        "/api/v1/releases/no-such-release/",
        "/api/v1/releases/no-such-release/scope/",
        f"{R}/scope/999999/",
        "/api/v1/modifications/MP777/",
        "/api/v1/change-requests/999999/",
        f"{R}/scope/?page=99",
    ]:
        assert secas.get(url).status_code == 404, url


def test_a_null_character_anywhere_is_bad_input(world, secas):
    assert secas.get(f"{R}/scope/?search=a%00b").status_code == 400
    assert secas.get("/api/v1/modifications/MP%00084/").status_code == 400
