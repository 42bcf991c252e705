"""The Papers tab in Chromium at laptop and phone width: nothing spills sideways; screenshots to look at."""

from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-papers")
SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
PAGES = {
    "update-may-2020": "/releases/november-2020/papers/?kind=releases-update&as_at=2020-05-26",
    "approval-nov-2019": "/releases/november-2019/papers/?kind=approval-to-implement&as_at=2019-11-08",
    "bad-date": "/releases/november-2020/papers/?kind=releases-update&as_at=26%2F05%2F2020",
    "edit-text": "/releases/november-2020/papers/releases-update/sections/next_steps/?as_at=2020-05-26",
    "edit-header": "/releases/november-2020/papers/releases-update/header/?as_at=2020-05-26",
    "history": "/releases/november-2020/papers/releases-update/history/",
}


def test_the_papers_tab_fits_a_laptop_and_a_phone_and_secas_reaches_its_forms(browser, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    SHOTS.mkdir(exist_ok=True)
    overflowing = []
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("secas")
        page.get_by_label("Password").fill("secas-demo")
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{live_server.url}/releases/november-2020/")
        page.get_by_role("link", name="Papers", exact=True).click()
        page.get_by_label("Paper").select_option("releases-update")
        page.get_by_label("As at").fill("2020-05-26")
        page.get_by_role("button", name="Show the paper").click()
        page.get_by_text("OPSG_33_0206_15").first.wait_for()
        for name, url in PAGES.items():
            page.goto(f"{live_server.url}{url}")
            page.screenshot(path=SHOTS / f"{name}-{size}.png", full_page=name != "update-may-2020")
            if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"):
                overflowing.append(f"{name} at {size}")
        page.goto(f"{live_server.url}{PAGES['update-may-2020']}")
        page.locator("#paper-2\\.1").screenshot(path=SHOTS / f"update-scope-table-{size}.png")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download as Word (DOCX)").click()
        download.value.save_as(SHOTS / f"from-browser-{size}.docx")
        page.goto(f"{live_server.url}{PAGES['approval-nov-2019']}")
        href = page.get_by_role("link", name="Download as PDF").get_attribute("href")
        pdf = page.request.get(f"{live_server.url}{href}")
        assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
        (SHOTS / f"from-browser-{size}.pdf").write_bytes(pdf.body())
        context.close()
    assert overflowing == []
