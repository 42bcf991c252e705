"""The DCC's tracker and change-request list as spreadsheets: exported from the demo, changed, imported back.

A preview shows exactly what the file would change and changes nothing; confirming applies the good rows
only, in one transaction, through the API's serializers, named in the history as the import.
"""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from modifications.models import ChangeRequest
from releases.models import Milestone, User
from tests.conftest import api_client_for
from tests.demo.conftest import demo, demo_db  # noqa: F401 - the demo, loaded once for this module

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TRACKER = "/api/v1/releases/november-2020/milestones/"


@pytest.fixture
def dcc():
    return User.objects.get(username="dcc")


def exported_tracker(api) -> openpyxl.Workbook:
    response = api.get(TRACKER, {"format": "xlsx", "kind": "tracker"})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.content))


def as_upload(book: openpyxl.Workbook, name="dcc-tracker.xlsx") -> SimpleUploadedFile:
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=XLSX)


def column(sheet, name) -> int:
    return [cell.value for cell in sheet[1]].index(name) + 1


def row_of(sheet, event) -> int:
    events = column(sheet, "event")
    return next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row, events).value == event)


def upload(api, book, kind="milestone_tracker", name="dcc-tracker.xlsx"):
    return api.post(
        "/api/v1/imports/",
        {"kind": kind, "release": "november-2020", "file": as_upload(book, name)},
        format="multipart",
    )


def the_tracker_with_one_new_forecast_and_one_bad_row(api):
    """The demo's tracker (the DCC's November '20 key dates) with the Panel's go-live approval forecast a week
    late, and one row whose forecast is not a date."""
    book = exported_tracker(api)
    sheet = book.active
    forecast = column(sheet, "forecast_date")
    sheet.cell(row_of(sheet, "SEC Panel Approval for Go-Live"), forecast).value = "2020-11-20"
    sheet.cell(row_of(sheet, "TAG approve TAD"), forecast).value = "next Tuesday"
    return book


def test_the_demo_tracker_with_one_changed_forecast_and_one_bad_row_previews_exactly_that(dcc):
    api = api_client_for(dcc)
    total = Milestone.objects.filter(release__slug="november-2020", kind="tracker").count()
    assert total == 9  # the slides' key dates

    answer = upload(api, the_tracker_with_one_new_forecast_and_one_bad_row(api))

    assert answer.status_code == 201, answer.content
    preview = answer.json()
    assert preview["counts"] == {"change": 1, "new": 0, "unchanged": total - 2, "refused": 1}
    (changed,) = [row for row in preview["rows"] if row["action"] == "change"]
    assert changed["target"] == "SEC Panel Approval for Go-Live"
    assert changed["changes"] == {"forecast_date": [None, "2020-11-20"]}
    (refused,) = [row for row in preview["rows"] if row["action"] == "refused"]
    assert refused["target"] == "TAG approve TAD"
    assert any(reason.startswith("forecast_date: Date has wrong format") for reason in refused["reasons"])
    # A preview changes nothing.
    assert Milestone.objects.get(event="SEC Panel Approval for Go-Live").forecast_date is None

    confirmed = api.post(f"/api/v1/imports/{preview['id']}/confirm/")

    assert confirmed.status_code == 200 and confirmed.json()["applied_at"]
    panel_approval = Milestone.objects.get(event="SEC Panel Approval for Go-Live")
    assert panel_approval.forecast_date.isoformat() == "2020-11-20"
    assert Milestone.objects.get(event="TAG approve TAD").forecast_date is None
    record = panel_approval.history.first()
    assert record.history_change_reason == "Imported from dcc-tracker.xlsx by dcc"
    assert record.history_user == dcc
    # The API shows the new forecast; the file, exported again, is the file imported (the round trip).
    shown = {row["event"]: row for row in api.get(TRACKER, {"kind": "tracker"}).json()["results"]}
    assert shown["SEC Panel Approval for Go-Live"]["forecast_date"] == "2020-11-20"
    # Once only.
    assert api.post(f"/api/v1/imports/{preview['id']}/confirm/").status_code == 409


def test_an_import_stops_whole_if_a_previewed_milestone_changed_since(dcc):
    api = api_client_for(dcc)
    preview = upload(api, the_tracker_with_one_new_forecast_and_one_bad_row(api)).json()
    someone_else = Milestone.objects.get(event="SEC Panel Approval for Go-Live")
    someone_else.notes = "Moved by SECAS meanwhile"
    someone_else.save()

    stale = api.post(f"/api/v1/imports/{preview['id']}/confirm/")

    assert stale.status_code == 409 and "changed since the preview" in stale.json()["detail"]
    assert Milestone.objects.get(pk=someone_else.pk).forecast_date is None


def test_a_row_without_a_match_is_a_new_tracker_milestone_and_a_csv_reads_the_same(dcc):
    text = "event,date,forecast_date,brag,owner\r\nSIT exit,2020-09-30,2020-10-07,Amber,DCC\r\n"
    text += "SEC Panel Approval for Go-Live,2020-11-13,,,SEC Panel\r\n"  # the label of an owner reads too

    def preview_as(user):
        upload_file = SimpleUploadedFile("tracker.csv", text.encode(), content_type="text/csv")
        return api_client_for(user).post(
            "/api/v1/imports/",
            {"kind": "milestone_tracker", "release": "november-2020", "file": upload_file},
            format="multipart",
        )

    # The DCC reports on SECAS's milestones and adds none: its new row is refused, with the reason.
    refused = {row["target"]: row for row in preview_as(dcc).json()["rows"]}
    assert refused["SIT exit"]["action"] == "refused"
    assert "only SECAS adds milestones" in " ".join(refused["SIT exit"]["reasons"])

    api = api_client_for(User.objects.get(username="secas"))
    answer = preview_as(User.objects.get(username="secas"))
    assert answer.status_code == 201
    rows = {row["target"]: row for row in answer.json()["rows"]}
    assert rows["SIT exit"]["action"] == "new"
    assert rows["SIT exit"]["data"]["brag"] == "amber" and rows["SIT exit"]["data"]["owner"] == "dcc"
    assert rows["SEC Panel Approval for Go-Live"]["action"] == "unchanged"

    api.post(f"/api/v1/imports/{answer.json()['id']}/confirm/")

    made = Milestone.objects.get(event="SIT exit")
    assert (made.kind, made.brag, str(made.forecast_date)) == ("tracker", "amber", "2020-10-07")


def test_the_change_request_list_round_trips(dcc):
    api = api_client_for(dcc)
    exported = api.get("/api/v1/releases/november-2020/change-requests/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert {row["number"] for row in rows} >= {"CR1145", "CR1355", "CR1088"}
    for row in rows:
        if row["number"] == "CR1145":
            row["proposed_duis_version"] = "4.1"
    rows.append({"number": "CR9999", "title": "Not a real CR", "originator": "nobody"})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    file = SimpleUploadedFile("dcc-crs.csv", out.getvalue().encode("utf-8-sig"), content_type="text/csv")

    preview = api.post(
        "/api/v1/imports/", {"kind": "change_requests", "release": "november-2020", "file": file}, format="multipart"
    )

    counts = preview.json()["counts"]
    assert counts == {"change": 1, "new": 0, "unchanged": len(rows) - 2, "refused": 1}
    (refused,) = [row for row in preview.json()["rows"] if row["action"] == "refused"]
    assert refused["target"] == "CR9999" and refused["reasons"] == ['originator: "nobody" is not a valid choice.']
    api.post(f"/api/v1/imports/{preview.json()['id']}/confirm/")
    assert ChangeRequest.objects.get(number="CR1145").proposed_duis_version == "4.1"
    assert not ChangeRequest.objects.filter(number="CR9999").exists()


def test_the_panel_may_not_import_and_nobody_sees_anothers_preview(dcc):
    panel = User.objects.get(username="panel")
    api = api_client_for(dcc)
    book = exported_tracker(api)
    assert upload(api_client_for(panel), book).status_code == 403
    preview = upload(api, book).json()
    secas = api_client_for(User.objects.get(username="secas"))
    assert secas.get(f"/api/v1/imports/{preview['id']}/").status_code == 404
    assert secas.post(f"/api/v1/imports/{preview['id']}/confirm/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tracker.pdf", b"%PDF-1.4", "Upload an .xlsx or .csv file."),
        ("tracker.xlsx", b"not a zip", "The file cannot be read"),
        ("tracker.csv", b"", "The submitted file is empty."),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_with_the_reason(dcc, name, content, message):
    file = SimpleUploadedFile(name, content)
    answer = api_client_for(dcc).post(
        "/api/v1/imports/", {"kind": "milestone_tracker", "release": "november-2020", "file": file}, format="multipart"
    )
    assert answer.status_code == 400 and answer.json()["file"][0].startswith(message)


def test_the_browser_previews_then_applies(dcc):
    browser = Client()
    browser.force_login(dcc)
    api = api_client_for(dcc)
    page = browser.get("/releases/november-2020/import/")
    assert page.status_code == 200 and "DCC milestone tracker" in page.content.decode()

    uploaded = browser.post(
        "/releases/november-2020/import/",
        {"kind": "milestone_tracker", "file": as_upload(the_tracker_with_one_new_forecast_and_one_bad_row(api))},
    )
    assert uploaded.status_code == 303
    preview = browser.get(uploaded["Location"]).content.decode()
    assert "SEC Panel Approval for Go-Live" in preview and "2020-11-20" in preview
    assert "Date has wrong format" in preview and "Apply 1 row (leave out the 1 refused)" in preview
    assert Milestone.objects.get(event="SEC Panel Approval for Go-Live").forecast_date is None

    applied = browser.post(uploaded["Location"] + "confirm/")

    assert applied.status_code == 303
    assert str(Milestone.objects.get(event="SEC Panel Approval for Go-Live").forecast_date) == "2020-11-20"
    assert "Applied" in browser.get(uploaded["Location"]).content.decode()
