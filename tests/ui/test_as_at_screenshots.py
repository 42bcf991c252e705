"""The record as at a day and the go/no-go pack, at laptop and phone width and printed to PDF: for people to look
at (/tmp/shots-asat), and nothing spills sideways."""

from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-asat")
SIZES = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
PAGES = {
    "release-as-at": "/releases/november-2020/?as_at=2020-05-26",
    "pack-november-2019": "/releases/november-2019/dashboard/",
    "pack-november-2020-as-at": "/releases/november-2020/dashboard/?as_at=2020-05-26",
    "modification-as-at": "/modifications/MP084/?as_at=2020-01-17",
    "release-bad-date": "/releases/november-2020/?as_at=26/05/2020",
}
PRINTED = {"pack-november-2019": PAGES["pack-november-2019"], "pack-november-2020": PAGES["pack-november-2020-as-at"]}


def test_the_record_as_at_a_day_and_the_pack_fit_a_laptop_a_phone_and_paper(browser, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    SHOTS.mkdir(exist_ok=True)
    overflowing = []
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("panel")
        page.get_by_label("Password").fill("panel-demo")
        page.get_by_role("button", name="Sign in").click()
        for name, url in PAGES.items():
            page.goto(f"{live_server.url}{url}")
            page.screenshot(path=SHOTS / f"{name}-{size}.png", full_page=True)
            if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"):
                overflowing.append(f"{name} at {size}")
        page.goto(f"{live_server.url}{PAGES['release-as-at']}")
        assert page.get_by_text("The record as it stood at the end of 26 May 2020").is_visible()
        page.screenshot(path=SHOTS / f"release-as-at-top-{size}.png")
        context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("panel")
    page.get_by_label("Password").fill("panel-demo")
    page.get_by_role("button", name="Sign in").click()
    for name, url in PRINTED.items():
        page.goto(f"{live_server.url}{url}")
        page.emulate_media(media="print")
        page.pdf(path=str(SHOTS / f"{name}.pdf"), format="A4", print_background=True)
        page.emulate_media(media="screen")
    context.close()
    assert overflowing == []
