"""The integration pages at laptop and phone width: nothing spills sideways; screenshots for people to look at."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from releases.models import User
from tests.conftest import api_client_for

from .test_integration_pages import an_endpoint_with_deliveries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/ui-shots"
SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def an_import_preview(user) -> str:
    api = api_client_for(user)
    book = openpyxl.load_workbook(
        io.BytesIO(api.get("/api/v1/releases/november-2020/milestones/", {"format": "xlsx", "kind": "tracker"}).content)
    )
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(7, header.index("forecast_date") + 1).value = "2020-11-20"
    sheet.cell(4, header.index("forecast_date") + 1).value = "next Tuesday"
    sheet.append([None, "tracker", 10, "SIT exit", "2020-09-30", "2020-10-07", None, "amber", "dcc"])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("dcc-tracker-november.xlsx", out.getvalue(), content_type=XLSX)
    fields = {"kind": "milestone_tracker", "release": "november-2020", "file": upload}
    answer = api.post("/api/v1/imports/", fields, format="multipart")
    assert answer.status_code == 201, answer.content
    return f"/imports/{answer.json()['id']}/"


def test_the_integration_pages_fit_a_laptop_and_a_phone(browser, live_server):
    call_command("load_demo", stdout=io.StringIO())
    secas = User.objects.get(username="secas")
    endpoint = an_endpoint_with_deliveries(3)
    api_client_for(secas).post("/api/v1/calendar-feeds/", {"release": None}, format="json")
    api_client_for(secas).post("/api/v1/calendar-feeds/", {"release": "november-2020"}, format="json")
    pages = {
        "integrations": "/integrations/",
        "webhooks": "/integrations/webhooks/",
        "webhook": f"/integrations/webhooks/{endpoint.pk}/",
        "calendars": "/integrations/calendars/",
        "import-upload": "/releases/november-2020/import/",
        "import-preview": an_import_preview(secas),
        "release-downloads": "/releases/november-2020/#timetable",
    }
    overflowing = []
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("secas")
        page.get_by_label("Password").fill("secas-demo")
        page.get_by_role("button", name="Sign in").click()
        for name, url in pages.items():
            page.goto(f"{live_server.url}{url}")
            page.screenshot(path=f"{SHOTS}/integrations-{name}-{size}.png", full_page=name != "release-downloads")
            if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"):
                overflowing.append(f"{name} at {size}")
        # The secret, shown once after registering an endpoint in the browser.
        page.goto(f"{live_server.url}/integrations/webhooks/")
        page.locator("#add-endpoint summary").click()
        page.get_by_label("URL").fill("https://hooks.example.org/secas-erp")
        page.get_by_label("Description").fill(f"SECAS ERP ({size})")
        page.get_by_label("Scope item changed").check()
        page.get_by_role("button", name="Register").click()
        page.locator("#secret").wait_for()
        page.screenshot(path=f"{SHOTS}/integrations-webhook-secret-{size}.png", full_page=True)
        if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"):
            overflowing.append(f"webhook-secret at {size}")
        context.close()
    assert overflowing == []
