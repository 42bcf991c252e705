"""The release, dashboard and modification pages as the record stood at the end of a day: banner, no edits."""

import re

import pytest
from django.urls import reverse

BANNER = "The record as it stood at the end of 26 May 2020"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def secas(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="secas"))
    return client


def page(client, name, as_at=None, **kwargs):
    return client.get(reverse(name, kwargs=kwargs), {"as_at": as_at} if as_at is not None else {})


def test_november_2020_as_the_opsg_saw_it_on_26_may_2020_says_so_and_offers_no_edits(secas):
    response = page(secas, "releases:detail", "2020-05-26", slug="november-2020")
    html = response.content.decode()
    assert response.status_code == 200
    assert BANNER in text_of(html)
    for edit in ("scope-add", "/approve/", "/move/", "/remove/", "/dates/", "decisions/add", "Follow this release"):
        assert edit not in html, edit
    assert 'href="/releases/november-2020/dashboard/?as_at=2020-05-26"' in html


def test_the_live_release_page_has_no_banner_and_keeps_the_edit_controls(secas):
    html = page(secas, "releases:detail", slug="november-2020").content.decode()
    assert "as-at-banner" not in html
    assert "/dates/" in html and "scope/add/" in html


def test_june_2020_on_17_january_2020_still_held_mp084_and_mp088_in_its_scope(secas):
    html = page(secas, "releases:detail", "2020-01-17", slug="june-2020").content.decode()
    in_scope = text_of(html.split('id="closed-scope"')[0].split('id="scope"')[1])
    assert "MP084" in in_scope and "MP088" in in_scope


@pytest.mark.parametrize("bad", ["26/05/2020", "2020-02-30", "soon", "1999-12-31", "2999-01-01"])
def test_a_bad_date_is_a_form_error_beside_the_picker_not_a_500(secas, bad):
    for name in ("releases:detail", "releases:dashboard"):
        response = page(secas, name, bad, slug="november-2020")
        html = response.content.decode()
        assert response.status_code == 400
        assert 'aria-invalid="true"' in html
        assert re.search(r'class="errorlist"[^>]*><li>[^<]+</li>', html)
        assert "as-at-banner" not in html


def test_a_release_asked_for_before_it_existed_is_a_404(secas):
    assert page(secas, "releases:detail", "2005-01-01", slug="november-2020").status_code == 404
    assert page(secas, "releases:dashboard", "2005-01-01", slug="november-2020").status_code == 404


def test_an_empty_date_shows_the_live_record(secas):
    response = page(secas, "releases:detail", "", slug="november-2020")
    assert response.status_code == 200
    assert "as-at-banner" not in response.content.decode()


def test_the_release_page_as_at_a_day_reads_a_fixed_number_of_queries(secas, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        assert page(secas, "releases:detail", "2020-05-26", slug="november-2020").status_code == 200


def test_the_modification_page_as_at_a_day_shows_where_it_was_then(secas):
    then = page(secas, "modifications:detail", "2020-01-17", reference="MP084").content.decode()
    now = page(secas, "modifications:detail", reference="MP084").content.decode()
    assert "The record as it stood at the end of 17 January 2020" in text_of(then)
    assert "November 2020 SEC Release" not in text_of(then.split('id="releases"')[1].split("</table>")[0])
    assert "November 2020 SEC Release" in text_of(now.split('id="releases"')[1].split("</table>")[0])
    assert 'href="/releases/june-2020/?as_at=2020-01-17#item-' in then


def test_another_spelling_of_the_modification_keeps_the_day(secas):
    response = secas.get("/modifications/SEC%20Mod%2062/", {"as_at": "2020-01-17"})
    assert response.status_code == 302
    assert response["Location"].endswith("?as_at=2020-01-17")


def test_the_modification_page_with_a_bad_date_says_so_beside_the_picker(secas):
    response = page(secas, "modifications:detail", "17/01/2020", reference="MP084")
    assert response.status_code == 400
    assert "Give the date as YYYY-MM-DD" in response.content.decode()
