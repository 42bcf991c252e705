"""The pages of starting, editing, searching and listing releases at laptop and phone width: nothing spills
sideways, nothing the Content-Security-Policy refuses; screenshots in /tmp/shots-releases-ui to look at."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.ui.test_browser import violations, watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-releases-ui")
SIZES = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
PAGES = {
    "release-list": "/",
    "release-list-sorted": "/?sort=-approved",
    "release-start": "/releases/new/",
    "release-edit": "/releases/june-2021/edit/",
    "search": "/search/?q=62",
    "search-releases": "/search/?q=november",
    "follow": "/releases/june-2021/follow/",
    "release": "/releases/november-2020/",
}


def test_the_release_pages_fit_a_laptop_and_a_phone(browser, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    SHOTS.mkdir(exist_ok=True)
    overflowing, refused = [], []
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        console = watch_csp(page)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("secas")
        page.get_by_label("Password").fill("secas-demo")
        page.get_by_role("button", name="Sign in").click()
        for name, url in PAGES.items():
            page.goto(f"{live_server.url}{url}")
            page.screenshot(path=SHOTS / f"{name}-{size}.png", full_page=name != "release")
            if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"):
                overflowing.append(f"{name} at {size}")
        # The start form with its errors, as someone who pressed the button too soon sees it.
        page.goto(f"{live_server.url}/releases/new/")
        page.get_by_label("Name").fill("June 2022 SEC Release")
        page.get_by_role("button", name="Start the release").click()
        page.get_by_text("Give the go-live date, or the half-year").wait_for()
        page.screenshot(path=SHOTS / f"release-start-errors-{size}.png", full_page=True)
        # A table sorted in the page by its header button.
        page.goto(f"{live_server.url}/releases/november-2020/")
        criteria = page.locator("section[aria-labelledby=criteria]")
        if size == "390":  # the header row is hidden on a phone: its columns are offered in a list instead
            criteria.get_by_label("Sort by").select_option(label="Text")
        else:
            criteria.locator("th button", has_text="Text").click()
        expect(criteria.locator("thead th", has_text="Text")).to_have_attribute("aria-sort", "ascending")
        first = criteria.locator("tbody tr[id^=criterion-]").first
        expect(first.locator("td[data-label=Text]")).to_contain_text("SECAS has brought to readiness")
        criteria.screenshot(path=SHOTS / f"criteria-sorted-{size}.png")
        page.goto(f"{live_server.url}/")
        page.screenshot(path=SHOTS / f"release-list-after-js-{size}.png")
        refused += violations(page, console)
        context.close()
    assert overflowing == []
    assert refused == []
