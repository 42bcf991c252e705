import datetime

import pytest

from releases.models import RidVersion
from releases.rid import baseline

BODY = {
    "version": "1.1",
    "changes": "Updated draft presented to Panel to be baselined.",
    "baselined_on": "2020-01-17",
    "paper": "SECP_76_1701_23",
}


def rids(release):
    return f"/api/v1/releases/{release.slug}/rids/"


def test_secas_baselines_through_the_api(api_as, june_2020, secas_user):
    response = api_as(secas_user).post(rids(june_2020), BODY, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["version"] == "1.1"
    assert response.json()["snapshot"]["versions"][-1]["paper"] == "SECP_76_1701_23"
    assert response.json()["pdf_state"] == "pending"


def test_a_version_already_baselined_is_a_conflict(api_as, june_2020, baseline_1_1, secas_user):
    response = api_as(secas_user).post(rids(june_2020), BODY, format="json")

    assert response.status_code == 409
    assert "already baselined" in response.json()["detail"]


@pytest.mark.parametrize("version", ["1", "v1.1", "1.1.1", "", "12345678.12345"])
def test_a_malformed_version_is_bad_input(api_as, june_2020, secas_user, version):
    response = api_as(secas_user).post(rids(june_2020), {**BODY, "version": version}, format="json")

    assert response.status_code == 400
    assert "version" in response.json()


def test_only_secas_baselines_and_everyone_needs_a_role(api_as, june_2020, panel_user, dcc_user, outsider):
    assert api_as(panel_user).post(rids(june_2020), BODY, format="json").status_code == 403
    assert api_as(dcc_user).post(rids(june_2020), BODY, format="json").status_code == 403
    assert api_as(outsider).get(rids(june_2020)).status_code == 403
    assert api_as(None).get(rids(june_2020)).status_code == 401
    assert not RidVersion.objects.filter(version="1.1").exists()


def test_everyone_with_a_role_lists_the_versions_in_few_queries(
    api_as, june_2020, baseline_1_1, panel_user, django_assert_max_num_queries
):
    client = api_as(panel_user)
    with django_assert_max_num_queries(8):
        response = client.get(rids(june_2020))

    assert response.status_code == 200
    assert [row["version"] for row in response.json()["results"]] == ["0.1", "0.2", "0.3", "1.0", "1.1"]
    assert response.json()["results"][-1]["has_snapshot"] is True


def test_a_baseline_is_read_only(api_as, june_2020, baseline_1_1, secas_user):
    client = api_as(secas_user)
    detail = f"{rids(june_2020)}1.1/"

    assert client.get(detail).json()["snapshot"]["cover"]["version"]["version"] == "1.1"
    for method in (client.put, client.patch, client.delete):
        assert method(detail, {"changes": "Rewritten"}, format="json").status_code == 405
    assert client.get(f"{rids(june_2020)}9.9/").status_code == 404


def test_the_pdf_answers_202_with_retry_after_while_it_is_rendered(api_as, june_2020, baseline_1_1, panel_user):
    response = api_as(panel_user).get(f"{rids(june_2020)}1.1/pdf/")

    assert response.status_code == 202
    assert int(response["Retry-After"]) > 0


def test_the_diff_endpoint_compares_two_baselines(api_as, june_2020, baseline_1_1, dcc_user):
    item = june_2020.scope_items.get(modification__reference="MP088")
    item.remove(reason="Withdrawn")
    baseline(june_2020, version="1.2", changes="Re-baselined", baselined_on=datetime.date(2020, 4, 17))
    client = api_as(dcc_user)

    diff = client.get(f"{rids(june_2020)}1.2/diff/?against=1.1").json()

    assert (diff["from"], diff["to"]) == ("1.1", "1.2")
    assert [row["item"] for row in diff["scope"]["removed"]] == ["MP088"]
    assert client.get(f"{rids(june_2020)}1.2/diff/").status_code == 400
    assert client.get(f"{rids(june_2020)}1.2/diff/?against=1.0").status_code == 404


def test_a_baseline_answers_304_to_its_own_etag(api_as, june_2020, baseline_1_1, panel_user):
    client = api_as(panel_user)
    detail = f"{rids(june_2020)}1.1/"
    etag = client.get(detail)["ETag"]

    assert client.get(detail, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_nul_character_in_the_version_is_bad_input_not_a_crash(api_as, june_2020, panel_user):
    response = api_as(panel_user).get(f"{rids(june_2020)}1.1/diff/?against=1%000")

    assert response.status_code == 400
