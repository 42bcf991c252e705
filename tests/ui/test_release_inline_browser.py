"""In Chromium: SECAS adds a residual risk and a cost line in place, edits a risk in place and Escape closes the
form; the page fits a laptop and a phone with the forms open and closed (screenshots for people to look at)."""

from pathlib import Path

import pytest
from django.core.management import call_command

from acceptance.models import Risk
from releases.editing import modifications_in_scope
from releases.models import CostBreakdownLine, Release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-release-inline")
SIZES = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SIZES_ORDER = list(SIZES)


def sign_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("secas")
    page.get_by_label("Password").fill("secas-demo")
    page.get_by_role("button", name="Sign in").click()


def overflows(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")


def test_secas_runs_the_release_in_place_at_laptop_and_phone_width(browser, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    SHOTS.mkdir(exist_ok=True)
    problems, csp = [], []
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.on(
            "console", lambda message: csp.append(message.text) if "Content Security Policy" in message.text else None
        )
        sign_in(page, live_server.url)
        page.goto(f"{live_server.url}/releases/november-2020/")
        for section in ("risks", "costs", "criteria", "timetable"):
            page.locator(f"#{section}").scroll_into_view_if_needed()
            page.screenshot(path=SHOTS / f"{section}-closed-{size}.png")

        # Add a residual risk, in place.
        page.get_by_text("Add a risk", exact=True).click()
        form = page.get_by_role("form", name="Add a risk")
        form.get_by_label("Description").fill(f"Feature switches left on ({size})")
        form.get_by_label("Likelihood").fill("Possible")
        form.get_by_label("Impact").fill("Severe")
        form.get_by_label("Mitigations").fill("Switch off before go-live.\n\nMonitor the first week.")
        page.locator("#add-risk").screenshot(path=SHOTS / f"add-risk-open-{size}.png")
        if overflows(page):
            problems.append(f"add risk open at {size}")
        form.get_by_role("button", name="Add the risk").click()
        page.get_by_text("Residual risk added.").first.wait_for()
        page.locator("#risks").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"risk-added-{size}.png")
        assert Risk.objects.filter(description=f"Feature switches left on ({size})").exists()

        # Edit it in place; Escape closes the form and gives the focus back to the link.
        risk = Risk.objects.get(description=f"Feature switches left on ({size})")
        page.locator(f"#risk-{risk.pk}").get_by_role("link", name="Edit").click()
        page.locator(f"#risk-edit-{risk.pk} form").wait_for()
        page.screenshot(path=SHOTS / f"risk-edit-open-{size}.png")
        if overflows(page):
            problems.append(f"risk edit open at {size}")
        page.keyboard.press("Escape")
        page.locator(f"#risk-edit-{risk.pk} form").wait_for(state="detached")
        assert page.evaluate("document.activeElement.textContent").startswith("Edit")

        # A cost breakdown line, in place (the demo's November 2020 has no breakdown: the paper gave none).
        reference = modifications_in_scope(Release.objects.get(slug="november-2020"))[SIZES_ORDER.index(size)].reference
        page.get_by_text("Add a cost breakdown line", exact=True).click()
        form = page.get_by_role("form", name="Add a cost breakdown line")
        form.get_by_label("Modification").select_option(label=reference)
        form.get_by_label("SIT").fill("1000")
        page.locator("#add-cost-line").screenshot(path=SHOTS / f"add-cost-line-open-{size}.png")
        form.get_by_role("button", name="Add the line").click()
        page.get_by_text(f"Cost breakdown line for {reference} added.").first.wait_for()
        page.locator("#costs").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"costs-after-{size}.png")
        line = CostBreakdownLine.objects.get(release__slug="november-2020", modification__reference=reference)
        page.locator(f"#cost-line-{line.pk}").get_by_role("link", name="Remove").click()
        page.get_by_role("form", name=f"Remove the cost line for {reference}").wait_for()
        page.locator(f"#cost-line-edit-{line.pk}").screenshot(path=SHOTS / f"cost-line-remove-open-{size}.png")
        page.locator(f"#cost-line-edit-{line.pk}").get_by_role("link", name="Cancel").click()  # closes it in place
        page.locator(f"#cost-line-edit-{line.pk} form").wait_for(state="detached")

        # Escape folds an open add form too.
        page.get_by_text("Add a timetable event", exact=True).click()
        page.get_by_role("form", name="Add a timetable event").get_by_label("Event", exact=False).first.focus()
        page.screenshot(path=SHOTS / f"add-event-open-{size}.png")
        page.keyboard.press("Escape")
        assert not page.locator("#add-milestone").evaluate("d => d.open")
        if overflows(page):
            problems.append(f"release page at {size}")
        page.screenshot(path=SHOTS / f"release-full-{size}.png", full_page=True)
        context.close()
    assert problems == [] and csp == []
