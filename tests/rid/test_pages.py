import datetime

import pytest
from django.urls import reverse

from releases.models import RidPdf, RidVersion
from releases.rid import baseline


def url(name, release, **kwargs):
    return reverse(f"releases:{name}", kwargs={"slug": release.slug, **kwargs})


BASELINE_POST = {
    "version": "1.1",
    "changes": "Updated draft presented to Panel to be baselined.",
    "baselined_on": "2020-01-17",
    "dated": "2020-01-10",
    "paper": "SECP_76_1701_23",
}


def test_secas_baselines_the_rid_from_the_browser(client, june_2020, secas_user):
    client.force_login(secas_user)
    page = client.get(url("rid", june_2020))
    assert "Baseline the current draft" in page.content.decode()

    response = client.post(url("rid-baseline", june_2020), BASELINE_POST)

    assert response.status_code == 302
    row = RidVersion.objects.get(release=june_2020, version="1.1")
    assert row.paper == "SECP_76_1701_23" and row.created_by == secas_user
    page = client.get(url("rid", june_2020)).content.decode()
    assert "Version 1.1 is baselined" in page
    assert url("rid-pdf", june_2020, version="1.1") in page
    assert "being rendered" in page


def test_a_second_baseline_of_the_same_version_is_refused_with_a_message(client, baseline_1_1, june_2020, secas_user):
    client.force_login(secas_user)

    response = client.post(url("rid-baseline", june_2020), BASELINE_POST)

    assert response.status_code == 400
    assert "already baselined" in response.content.decode()


def test_the_panel_reads_the_rid_but_gets_no_baseline_form_and_may_not_post(client, june_2020, panel_user):
    client.force_login(panel_user)

    page = client.get(url("rid", june_2020))

    assert page.status_code == 200
    assert "Baseline the current draft" not in page.content.decode()
    assert client.post(url("rid-baseline", june_2020), BASELINE_POST).status_code == 403
    assert not RidVersion.objects.filter(version="1.1").exists()


@pytest.mark.parametrize("name", ["rid", "rid-preview"])
def test_someone_without_a_role_is_refused_and_a_visitor_is_sent_to_sign_in(client, june_2020, outsider, name):
    response = client.get(url(name, june_2020))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(outsider)
    assert client.get(url(name, june_2020)).status_code == 403


def test_the_draft_preview_shows_the_live_rid(client, june_2020, dcc_user):
    client.force_login(dcc_user)

    page = client.get(url("rid-preview", june_2020)).content.decode()

    assert "Draft preview" in page
    for text in ("SECMP0053", "SECMP0062", "21 February 2020", "£1,120,042", "£1,180,042", "CR1088", "✓"):
        assert text in page


def test_the_draft_is_available_as_a_pdf_on_demand(client, june_2020, panel_user):
    client.force_login(panel_user)

    response = client.get(url("rid-preview-pdf", june_2020))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_baseline_page_shows_the_frozen_snapshot_not_later_edits(client, june_2020, baseline_1_1, panel_user):
    june_2020.dcc_quoted_total = 7777777
    june_2020.save()
    client.force_login(panel_user)

    page = client.get(url("rid-version", june_2020, version="1.1")).content.decode()

    assert "£1,120,042" in page and "£7,777,777" not in page
    assert "Baseline 1.1" in page


def test_the_pdf_link_says_it_is_being_rendered_and_refreshes_until_it_is_ready(
    client, june_2020, baseline_1_1, panel_user
):
    client.force_login(panel_user)

    response = client.get(url("rid-pdf", june_2020, version="1.1"))

    assert response.status_code == 202
    assert response["Refresh"] == response["Retry-After"] == "5"  # the same wait as the API's 202
    assert "is being rendered" in response.content.decode()
    assert RidPdf.objects.get(rid_version=baseline_1_1).state == RidPdf.State.PENDING


def test_a_transcribed_version_without_a_snapshot_has_no_page(client, june_2020, panel_user):
    client.force_login(panel_user)
    assert client.get(url("rid-version", june_2020, version="1.0")).status_code == 404
    assert client.get(url("rid-pdf", june_2020, version="1.0")).status_code == 404


def test_comparing_two_baselines_shows_what_changed(client, june_2020, baseline_1_1, panel_user):
    item = june_2020.scope_items.get(modification__reference="MP079")
    item.approve(reason="Approved by the Change Board")
    baseline(june_2020, version="1.2", changes="Re-baselined", baselined_on=datetime.date(2020, 4, 17))
    client.force_login(panel_user)

    page = client.get(url("rid-compare", june_2020) + "?a=1.1&b=1.2").content.decode()

    assert "What changed from version 1.1 to version 1.2" in page
    assert "MP079" in page and "Approved for inclusion" in page
    assert client.get(url("rid-compare", june_2020) + "?a=1.1&b=9.9").status_code == 404


def test_the_rid_page_shows_what_changed_since_the_last_baseline_in_few_queries(
    client, june_2020, baseline_1_1, secas_user, django_assert_max_num_queries
):
    item = june_2020.scope_items.get(modification__reference="MP084")
    item.update(cut_off_date=datetime.date(2020, 5, 29), reason="The Authority asked for more time")
    client.force_login(secas_user)

    with django_assert_max_num_queries(25):
        page = client.get(url("rid", june_2020)).content.decode()

    assert "What changed since the last baseline" in page
    assert "Version 1.1 as baselined" in page
    assert "Changed: <strong>MP084</strong>" in page and "29 May 2020" in page
