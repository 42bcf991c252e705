"""The browser UI in headless Chromium: SECAS edits the November 2020 scope; a Panel member reads the dashboard."""

import re
import time

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from modifications.models import Modification
from releases.models import RidPdf, RidVersion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORDS = {"secas": "secas-demo", "panel": "panel-demo", "dcc": "dcc-demo"}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="SEC Releases")).to_be_visible()


def test_secas_adds_a_modification_to_june_2021_and_changes_its_cut_off(page, live_server, demo):
    # June 2021 has no go-live date yet, so it is still ahead of go-live and takes scope (2020's releases are past).
    Modification.objects.create(reference="MP190", title="Browser-made modification")
    log_in(page, live_server, "secas")
    page.get_by_role("link", name="June 2021 SEC Release").first.click()
    expect(page.get_by_role("heading", name="June 2021 SEC Release", level=1)).to_be_visible()

    page.get_by_text("Add a modification to this release").click()
    add = page.locator("#add-scope form")
    add.get_by_label("Modification").fill("MP190")
    add.get_by_label("Decision cut-off").fill("2020-10-01")
    add.get_by_label("Current status").fill("Added from the browser test.")
    add.get_by_role("button", name="Add to scope").click()

    row = page.locator("tr", has=page.get_by_role("link", name="MP190", exact=True))
    expect(row).to_contain_text("1 Oct 2020")
    # The message shows at the top and beside the section saved (release-inline's saved-here).
    expect(page.get_by_role("status").first).to_contain_text("MP190 added to the scope.")

    page.get_by_role("link", name="Change MP190").click()
    change = page.locator("form.edit-form", has=page.get_by_role("button", name="Save"))
    change.get_by_label("Decision cut-off").fill("2020-10-15")
    change.get_by_label("Why (kept in the history)").fill("Change Board date moved")
    change.get_by_role("button", name="Save").click()

    expect(page.locator("tr", has=page.get_by_role("link", name="MP190", exact=True))).to_contain_text("15 Oct 2020")
    page.locator(".history-panel").scroll_into_view_if_needed()  # the history loads when it is shown
    history = page.locator(".history-panel ol.history")
    expect(history).to_contain_text("Cut-off: 1 Oct 2020 → 15 Oct 2020")
    expect(history).to_contain_text("Change Board date moved")
    expect(history).to_contain_text("secas changed MP190 in June 2021 SEC Release")


def test_a_scope_error_appears_beside_the_field_without_leaving_the_page(page, live_server, demo):
    log_in(page, live_server, "secas")
    page.goto(f"{live_server.url}/releases/november-2020/")
    page.get_by_text("Add a modification to this release").click()
    add = page.locator("#add-scope form")
    add.get_by_label("Modification").fill("MP999")
    add.get_by_role("button", name="Add to scope").click()
    expect(page.locator("#add-scope")).to_contain_text("No modification is known as “MP999”.")
    expect(page).to_have_url(re.compile(r"/releases/november-2020/$"))


def test_a_panel_member_reads_the_dashboard_downloads_a_rid_and_finds_no_way_to_edit(
    page, live_server, celery_worker, demo
):
    # The worker starts (and purges its queue) before the demo baselines June 2020 and enqueues its PDF.
    log_in(page, live_server, "panel")
    page.goto(f"{live_server.url}/releases/november-2020/dashboard/")
    expect(page.get_by_role("heading", name="Acceptance criteria by reviewing body")).to_be_visible()
    expect(page.locator(".rollup").first).to_contain_text("met")
    expect(page.get_by_role("heading", name=re.compile(r"^Residual risks \(\d+\)"))).to_be_visible()

    # The demo's baseline with a frozen snapshot is the June 2020 RID v1.1 (Panel, 17 January 2020).
    page.goto(f"{live_server.url}/releases/june-2020/dashboard/")
    baseline = RidVersion.objects.get(release__slug="june-2020", version="1.1")
    link = page.get_by_role("link", name="PDF of RID v1.1")
    expect(link).to_be_visible()
    page.request.get(live_server.url + link.get_attribute("href"))  # asks for the PDF: the worker renders it once
    deadline = time.monotonic() + 90
    while not RidPdf.objects.filter(rid_version=baseline, state=RidPdf.State.READY).exists():
        assert time.monotonic() < deadline, "the RID PDF was not rendered within 90 s"
        time.sleep(0.5)
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    for url in ["/", "/releases/november-2020/", "/releases/november-2020/dashboard/", "/planning/", "/modifications/"]:
        page.goto(f"{live_server.url}{url}")
        # Following a release is the one form a Panel member posts: it concerns only what they are sent.
        expect(page.locator("main form[method=post]:not(#follow)")).to_have_count(0)
        # In the page itself: the site's navigation has "Change requests", a register, not an edit.
        edits = page.locator("main").get_by_role("link", name=re.compile(r"^(Change|Move|Remove|Assess|Update)\b"))
        expect(edits).to_have_count(0)
    response = page.request.post(f"{live_server.url}/releases/november-2020/edit/", data={"name": "Taken over"})
    assert response.status == 403


# -- under the Content-Security-Policy -------------------------------------------------------------------

WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " refused " + (e.blockedURI || "inline code"));
});
"""


def watch_csp(page) -> list[str]:
    """Console reports of refused content, for every page this browser tab opens from now on."""
    page.add_init_script(WATCH_CSP)
    console: list[str] = []
    page.on(
        "console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None
    )
    return console


def violations(page, console) -> list[str]:
    return console + page.evaluate("window.__cspViolations || []")


MAIN_PAGES = [
    ("/", "SEC Releases"),
    ("/planning/", None),
    ("/modifications/", None),
    ("/modifications/MP084/", None),
    ("/releases/november-2020/", "November 2020 SEC Release"),
    ("/releases/november-2020/dashboard/", None),
    ("/releases/june-2020/rid/", None),
    ("/releases/june-2020/rid/preview/", None),
]


def test_the_main_pages_and_an_htmx_edit_raise_no_csp_violation(page, live_server, demo):
    console = watch_csp(page)
    log_in(page, live_server, "secas")
    for url, heading in MAIN_PAGES:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        if heading:
            expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert violations(page, console) == [], url

    # htmx still swaps a form in, focuses its first field (static/js/app.js) and injects no style.
    page.goto(f"{live_server.url}/releases/november-2020/")
    # A scope row's Change link (the header's "Change requests" link starts with the same word).
    page.locator("tr[id^=item-]").get_by_role("link", name=re.compile(r"^Change ")).first.click()
    form = page.locator("td[id^=edit-] form.edit-form")  # swapped into the row's edit cell
    expect(form).to_be_visible()
    expect(form.locator("input:not([type=hidden]), select, textarea").first).to_be_focused()
    assert page.locator("head style").count() == 0
    assert violations(page, console) == []


def test_the_admin_raises_no_csp_violation(page, live_server, demo):
    console = watch_csp(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("admin-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    for url in ["/admin/releases/release/", "/admin/releases/scopeitem/", "/admin/secreleases/auditevent/"]:
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/admin/releases/release/")
    page.get_by_role("link", name="November 2020 SEC Release").first.click()
    expect(page.locator("#release_form")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations(page, console) == []


def test_the_api_docs_load_with_the_network_off_and_no_csp_violation(page, live_server, demo):
    console = watch_csp(page)
    outside: list[str] = []

    def only_this_server(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    log_in(page, live_server, "panel")
    page.goto(f"{live_server.url}/api/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("SEC Releases API")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    page.locator(".swagger-ui .opblock-summary").first.click()
    expect(page.locator(".swagger-ui .opblock-body").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert outside == []
    assert violations(page, console) == []


def test_the_api_docs_ask_a_signed_out_browser_to_sign_in(page, live_server, demo):
    page.goto(f"{live_server.url}/api/docs/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/api/docs/$"))
