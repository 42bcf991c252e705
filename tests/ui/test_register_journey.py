"""In the browser alone: add a modification to the register, target it for a release with a cut-off, record
the Change Board's approval and see the item approved, record a Change Request it depends on; then a
rejection's confirm step. Screenshots of each page at laptop and phone width, none spilling sideways."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from modifications.models import ChangeRequest, Modification
from tests.factories import ReleaseFactory, ScopeItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-register")
SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def today() -> datetime.date:
    """The live server's day: the real one (the tests' own clock is set to spring 2020 in this thread only)."""
    return timezone.localdate()


def spills_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("secas")
    page.get_by_label("Password").fill("secas-demo")
    page.get_by_role("button", name="Sign in").click()


def test_secas_runs_a_modification_from_the_register_to_approval_in_the_browser(browser, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The demo's releases are history; a release still ahead of go-live takes new scope.
    ahead = ReleaseFactory(
        slug="next-release", name="Next SEC Release", implementation_date=today() + datetime.timedelta(days=300)
    )
    base = live_server.url
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_context(viewport=SIZES["laptop"]).new_page()
    sign_in(page, base)

    page.goto(f"{base}/modifications/")
    page.get_by_role("link", name="Add a modification to the register").click()
    page.get_by_label("Reference").fill("MP990")
    page.get_by_label("Title").fill("Journey modification")
    page.get_by_label("Governance route").select_option("self_governance")
    page.get_by_label("Phase").select_option("report_phase")
    page.get_by_label("Impacts DCC Systems").check()
    page.get_by_label("Participant (impact 1)").select_option("suppliers")
    page.get_by_label("Summary (impact 1)").fill("Suppliers change their systems.")
    page.locator("#save-modification").click()
    page.get_by_text("MP990 is in the register.").wait_for()

    page.get_by_role("link", name="Target for a release").click()
    page.locator("#id_release").select_option(label=ahead.name)
    cut_off = today() + datetime.timedelta(days=100)
    page.get_by_label("Decision cut-off").fill(cut_off.isoformat())
    page.get_by_role("button", name="Target for this release").click()
    page.get_by_text("MP990 targeted for").wait_for()
    assert page.locator("#releases").is_visible()

    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("Decided by").select_option("change_board")
    page.get_by_label("Approve").check()
    page.get_by_label("Decided on").fill(today().isoformat())
    page.locator("#record-decision").click()
    page.get_by_text("now approved").wait_for()
    assert "Approved for inclusion" in page.locator("#releases + div").inner_text()

    page.goto(f"{base}/change-requests/")
    page.get_by_role("link", name="Record a Change Request").click()
    page.get_by_label("CR number").fill("CR9990")
    page.get_by_label("Title").fill("Journey change request")
    page.get_by_label("Originator").select_option("dcc")
    page.get_by_role("button", name="Record").click()
    page.get_by_text("CR9990 ‘Journey change request’ recorded.").wait_for()
    page.locator("#id_modification").fill("MP990")
    page.get_by_label("Until it is").fill("delivered")
    page.locator("#add-dependant").click()
    page.get_by_text("MP990 depends on CR9990 recorded.").wait_for()
    assert "MP990" in page.locator("#dependant-list").inner_text()
    assert Modification.objects.get(reference="MP990").scope_items.get().inclusion == "approved"


def test_the_register_and_change_request_pages_fit_a_laptop_and_a_phone(browser, live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ahead = ReleaseFactory(
        slug="next-release", name="Next SEC Release", implementation_date=today() + datetime.timedelta(days=300)
    )
    rejected = Modification.objects.create(reference="MP991", title="Screenshot modification", route="self_governance")
    ScopeItemFactory(release=ahead, modification=rejected, cut_off_date=today() + datetime.timedelta(days=60))
    # CR1057: the demo's Change Request that five modifications depend on.
    cr_id = ChangeRequest.objects.get(number="CR1057").pk
    pages = {
        "modification-new": "/modifications/new/",
        "modification-edit": "/modifications/SECMP0062/edit/",
        "modification": "/modifications/SECMP0062/",
        "decision": "/modifications/MP991/decide/",
        "target": "/modifications/MP991/target/",
        "cr-list": "/change-requests/",
        "cr-detail": f"/change-requests/{cr_id}/",
        "cr-new": "/change-requests/new/",
        "cr-edit": f"/change-requests/{cr_id}/edit/",
    }
    SHOTS.mkdir(exist_ok=True)
    overflowing = []
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        sign_in(page, live_server.url)
        for name, url in pages.items():
            page.goto(f"{live_server.url}{url}")
            page.screenshot(path=SHOTS / f"{name}-{size}.png", full_page=True)
            if spills_sideways(page):
                overflowing.append(f"{name} at {size}")
        page.goto(f"{live_server.url}/modifications/MP991/decide/")
        page.get_by_label("Reject").check()
        page.get_by_label("Decided on").fill(today().isoformat())
        page.locator("#record-decision").click()
        page.locator("#confirm-decision").wait_for()
        page.screenshot(path=SHOTS / f"decision-confirm-{size}.png", full_page=True)
        if spills_sideways(page):
            overflowing.append(f"decision-confirm at {size}")
        page.goto(f"{live_server.url}/change-requests/new/")
        page.get_by_label("CR number").fill("1145")
        page.get_by_role("button", name="Record").click()
        page.locator("#id_number_error").wait_for()
        page.screenshot(path=SHOTS / f"cr-new-error-{size}.png", full_page=True)
        context.close()
    assert overflowing == []
