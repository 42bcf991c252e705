"""Every page at laptop and phone width: nothing spills sideways out of the page; screenshots for people to look at."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from acceptance.models import ReadinessComponent, ReadinessReport
from releases.models import Release, ScopeItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/ui-shots")
SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def test_every_page_fits_a_laptop_and_a_phone(browser, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The papers lost the Harvey-ball states (they were pictures); draw a later report that states them.
    report = ReadinessReport.objects.create(
        release=Release.objects.get(slug="november-2020"), as_at=datetime.date(2020, 10, 1), source="Screenshot data"
    )
    for position, (state, target, rag) in enumerate(
        [(1, 4, "red"), (2, 4, "amber"), (3, 3, "green"), (4, 4, "green"), (None, 4, None)]
    ):
        ReadinessComponent.objects.create(
            report=report,
            position=position,
            name=f"Component {position + 1}",
            state=state,
            target_state=target,
            rag=rag,
        )
    item = ScopeItem.objects.active().filter(release__slug="november-2020").order_by("pk").first()
    pages = {
        "login": "/accounts/login/",
        "releases": "/",
        "release": "/releases/november-2020/",
        "dashboard": "/releases/november-2020/dashboard/",
        "dashboard-june": "/releases/june-2020/dashboard/",
        "planning": "/planning/",
        "modifications": "/modifications/?phase=approved",
        "modification": "/modifications/SECMP0062/",
        "scope-change": f"/releases/november-2020/scope/{item.pk}/",
        "readiness-add": "/releases/november-2020/readiness/add/",
    }
    SHOTS.mkdir(exist_ok=True)
    overflowing = []
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.screenshot(path=SHOTS / f"login-{size}.png")
        page.get_by_label("Username").fill("secas")
        page.get_by_label("Password").fill("secas-demo")
        page.get_by_role("button", name="Sign in").click()
        for name, url in pages.items():
            if name == "login":
                continue
            page.goto(f"{live_server.url}{url}")
            page.screenshot(path=SHOTS / f"{name}-{size}.png", full_page=name not in ("release", "modifications"))
            if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"):
                overflowing.append(f"{name} at {size}")
        page.goto(f"{live_server.url}/releases/november-2020/dashboard/")
        page.locator("section", has=page.locator("#readiness-h")).screenshot(path=SHOTS / f"harvey-balls-{size}.png")
        page.goto(f"{live_server.url}/releases/november-2020/")
        page.get_by_role("link", name=f"Change {item.label}").click()
        page.locator(f"#edit-{item.pk} form").wait_for()
        page.locator(f"#item-{item.pk}").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"release-inline-edit-{size}.png")
        page.emulate_media(media="print")
        page.goto(f"{live_server.url}/releases/november-2020/dashboard/")
        page.screenshot(path=SHOTS / f"dashboard-print-{size}.png", full_page=True)
        context.close()
    assert overflowing == []
