"""CSV and Excel downloads: the page's link keeps its filters, and the file holds the page's rows (read back)."""

import csv
import io
import re
from html import unescape

import openpyxl
import pytest
from django.core.cache import cache

from releases.models import ScopeItem
from tests.factories import ModificationFactory, ScopeItemFactory
from tests.ui.conftest import build_release

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


def download_links(html: str) -> dict[str, str]:
    links = re.findall(r'<a href="([^"]+)" download>(CSV|Excel)</a>', html)
    return {label: unescape(href) for href, label in links}


@pytest.fixture
def register(db):
    """Three approved modifications and two in development."""
    for n, phase in enumerate(["approved", "approved", "development", "approved", "development"]):
        ModificationFactory(reference=f"MP{300 + n}", title=f"Register entry {n}", phase=phase)


def test_the_registers_download_keeps_the_pages_filters_and_holds_its_rows(client, secas_user, register):
    client.force_login(secas_user)
    page = client.get("/modifications/?phase=approved").content.decode()
    on_page = re.findall(r'<a href="/modifications/(MP\d+)/">', page)
    assert on_page == ["MP300", "MP301", "MP303"]
    links = download_links(page)
    assert links["CSV"] == "/api/v1/modifications/?format=csv&phase=approved"

    rows = csv_rows(client.get(links["CSV"]))
    assert [row["reference"] for row in rows] == on_page
    assert {row["phase"] for row in rows} == {"approved"}
    assert list(rows[0])[:3] == ["reference", "aliases", "title"]  # the API's columns
    sheet = xlsx_rows(client.get(links["Excel"]))
    assert [row["reference"] for row in sheet] == on_page
    assert sheet[0]["title"] == "Register entry 0"


def test_the_release_pages_links_download_its_scope_milestones_change_requests_criteria_and_risks(client, secas_user):
    release = build_release(3)
    client.force_login(secas_user)
    links = re.findall(
        r'<a href="([^"]+)" download>Excel</a>', client.get(f"/releases/{release.slug}/").content.decode()
    )
    links = [unescape(link) for link in links]
    base = f"/api/v1/releases/{release.slug}"
    assert links == [
        f"{base}/scope/?format=xlsx",
        f"{base}/change-requests/?format=xlsx",
        f"{base}/milestones/?format=xlsx&kind=timetable",
        f"{base}/milestones/?format=xlsx&kind=tracker",
        f"{base}/criteria/?format=xlsx",
        f"{base}/risks/?format=xlsx",
    ]
    scope = xlsx_rows(client.get(links[0]))
    assert {row["id"] for row in scope} == set(release.scope_items.values_list("pk", flat=True))
    tracker = xlsx_rows(client.get(links[3]))
    assert [row["event"] for row in tracker] == ["SIT complete 0", "SIT complete 1", "SIT complete 2"]
    assert tracker[0]["forecast_date"].date().isoformat() == "2020-09-08"  # a real date cell
    assert tracker[0]["brag"] == "amber"
    assert len(xlsx_rows(client.get(links[4]))) == 6


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_neutralised(client, secas_user):
    release = build_release(1)
    item = ScopeItem.objects.filter(release=release).first()
    item.update(status_note='=HYPERLINK("http://evil.example","click")')
    ScopeItemFactory(release=release, modification=ModificationFactory(), status_note="@SUM(A1:A9)")
    client.force_login(secas_user)

    notes = {row["status_note"] for row in csv_rows(client.get(f"/api/v1/releases/{release.slug}/scope/?format=csv"))}
    assert '\'=HYPERLINK("http://evil.example","click")' in notes and "'@SUM(A1:A9)" in notes
    response = client.get(f"/api/v1/releases/{release.slug}/scope/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    column = [cell.value for cell in sheet[1]].index("status_note")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells if cell.value)
    assert "'@SUM(A1:A9)" in {cell.value for cell in cells}


def test_csv_xlsx_and_json_of_one_list_are_kept_apart(secas_user, api_as):
    release = build_release(2)
    api = api_as(secas_user)
    url = f"/api/v1/releases/{release.slug}/scope/"
    cache.clear()
    answers = {fmt: api.get(url, {"format": fmt}) for fmt in ("json", "csv", "xlsx")}
    assert len({answer["ETag"] for answer in answers.values()}) == 3
    again = api.get(url, {"format": "xlsx"})  # from the kept answers
    assert again.content == answers["xlsx"].content
    assert again["Content-Type"] == XLSX and again["Content-Disposition"] == answers["xlsx"]["Content-Disposition"]
    assert api.get(url, {"format": "csv"}, HTTP_IF_NONE_MATCH=answers["csv"]["ETag"]).status_code == 304
    assert api.get(url, {"format": "csv"}, HTTP_IF_NONE_MATCH=answers["xlsx"]["ETag"]).status_code == 200


def test_a_download_is_every_row_not_a_page(secas_user, api_as):
    release = build_release(1)
    for _ in range(60):
        ScopeItemFactory(release=release, modification=ModificationFactory())
    rows = csv_rows(api_as(secas_user).get(f"/api/v1/releases/{release.slug}/scope/", {"format": "csv"}))
    assert len(rows) == release.scope_items.count() > 50


def test_who_may_download(panel_user, dcc_user, outsider, api_as):
    release = build_release(1)
    url = f"/api/v1/releases/{release.slug}/milestones/?format=csv"
    assert api_as(panel_user).get(url).status_code == 200
    assert api_as(dcc_user).get(url).status_code == 200
    assert api_as(outsider).get(url).status_code == 403
    assert api_as(None).get(url).status_code == 401


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_makes_the_same_queries_for_5_rows_as_for_100(secas_user, api_as, django_assert_num_queries, fmt):
    release = build_release(1)
    api = api_as(secas_user)
    url = f"/api/v1/releases/{release.slug}/scope/"
    for count in (5, 100):
        while release.scope_items.count() < count:
            ScopeItemFactory(release=release, modification=ModificationFactory())
        cache.clear()
        with django_assert_num_queries(2):  # the token with roles and version, then every row in one query
            assert api.get(url, {"format": fmt}).status_code == 200
