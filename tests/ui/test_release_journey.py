"""A whole release in the browser, never opening /admin/: SECAS starts June 2022 and runs it; a Panel member
follows the same pages, finds no way to edit, and every form's POST answers 403."""

import datetime
import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from modifications.models import ChangeRequest, Modification
from releases.models import Release, ReleaseDateChange
from tests.conftest import make_user
from tests.standard_set import load_standard_criteria

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"
# The app's day for this journey: spring 2021, when June 2022 was still ahead and its scope locks not passed.
# (The live server runs in its own thread, so the tests' as_of() does not reach it; its clock is set here.)
SPRING_2021 = datetime.date(2021, 3, 1)
REFUSED = "Your account has no role that allows this page or change."


@pytest.fixture
def spring_2021(monkeypatch):
    from secreleases import clock

    monkeypatch.setattr(clock, "timezone", SimpleNamespace(localdate=lambda timezone=None: SPRING_2021))
    return SPRING_2021


@pytest.fixture
def cast(transactional_db):
    load_standard_criteria()
    return {
        "secas": make_user("sally-secas", "secas", email="sally@secas.example"),
        "panel": make_user("pat-panel", "panel", email="pat@panel.example"),
    }


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="SEC Releases")).to_be_visible()


def never_the_admin(page) -> list[str]:
    opened: list[str] = []
    page.on("request", lambda request: opened.append(request.url) if "/admin/" in request.url else None)
    return opened


def test_secas_runs_june_2022_in_the_browser_from_start_to_rescheduled_go_live(page, live_server, cast, spring_2021):
    admin_requests = never_the_admin(page)
    log_in(page, live_server, "sally-secas")

    # Start the release: the slug is proposed from the name as it is typed.
    page.get_by_role("link", name="Start a new release").click()
    page.get_by_label("Name").fill("June 2022 SEC Release")
    expect(page.get_by_label("Slug")).to_have_value("june-2022")
    page.get_by_label(re.compile(r"^Go-live date:?$")).fill("2022-06-30")
    page.get_by_role("button", name="Start the release").click()
    expect(page).to_have_url(re.compile(r"/releases/june-2022/$"))
    expect(page.get_by_role("status")).to_contain_text("started with 16 standard acceptance criteria")

    # It has the 16 standard criteria and the June 2020 RID's timetable, dated from go-live.
    expect(page.locator("section[aria-labelledby=criteria] tr[id^=criterion-]")).to_have_count(16)
    go_no_go = page.locator("section[aria-labelledby=timetable] tr", has_text="Panel go/no-go decision")
    expect(go_no_go).to_contain_text("17 Jun 2022")
    expect(
        page.locator("section[aria-labelledby=timetable] tr", has_text="DCC submits draft SEC Release TAD")
    ).to_be_visible()

    # A new modification in the register, targeted for June 2022 with a cut-off.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Modifications").click()
    page.get_by_role("link", name="Add a modification to the register").click()
    form = page.locator("#modification-form")
    form.get_by_label("Reference").fill("MP195")
    form.get_by_label("Title").fill("Journey modification")
    form.get_by_label("Phase").select_option("development")
    form.get_by_label("Governance route").select_option("self_governance")
    form.get_by_label("Impacts DCC Systems").check()
    form.get_by_role("button", name="Add to the register").click()
    expect(page.get_by_role("heading", name="MP195 ‘Journey modification’")).to_be_visible()

    page.get_by_role("link", name="Target for a release").click()
    page.get_by_label(re.compile(r"^Release:?$")).select_option(label="June 2022 SEC Release")
    page.get_by_label("Decision cut-off").fill("2021-09-01")
    page.get_by_role("button", name="Target for this release").click()
    expect(page.get_by_role("status")).to_contain_text("MP195 targeted for June 2022 SEC Release")

    # The Change Board approves it: its scope item becomes approved.
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("Decided by").select_option(label="Change Board")
    page.get_by_label("Approve").check()
    page.get_by_label("Decided on").fill("2021-03-01")
    page.get_by_label("Paper or minutes").fill("CB_2021_03")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("tr", has_text="June 2022 SEC Release")).to_contain_text("Approved for inclusion")

    # A Change Request it depends on.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Change requests").click()
    page.get_by_role("link", name="Record a Change Request").click()
    page.get_by_label("Number").fill("CR1500")
    page.get_by_label("Title").fill("Journey change request")
    page.get_by_label("Originator").select_option("dcc")
    page.get_by_label("Alongside release").select_option(label="June 2022 SEC Release")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_role("heading", name="CR1500 ‘Journey change request’")).to_be_visible()
    page.goto(f"{live_server.url}/modifications/MP195/")
    dependency = page.locator("#dependency-form")
    dependency.get_by_label("Change Request").select_option(label="CR1500 ‘Journey change request’")
    dependency.get_by_label("Until it is").fill("delivered")
    dependency.get_by_role("button", name="Add the dependency").click()
    expect(page.locator("#dependency-list")).to_contain_text("CR1500")

    # On the release page: the item approved, with its DCC-System impact; a residual risk; a cost line.
    page.goto(f"{live_server.url}/releases/june-2022/")
    item = page.locator("tr[id^=item-]", has=page.get_by_role("link", name="MP195", exact=True)).first
    expect(item).to_contain_text("Approved for inclusion")
    expect(item.locator("td[data-label='Impacts DCC Systems?']")).to_have_text("Yes")

    page.get_by_text("Add a risk", exact=True).click()
    risk = page.locator("#add-risk form")
    risk.get_by_label(re.compile(r"^Description:?$")).fill("There is a risk that UIT slips into the go-live window.")
    risk.get_by_role("button", name="Add the risk").click()
    expect(page.locator("section[aria-labelledby=risks]")).to_contain_text(
        "There is a risk that UIT slips into the go-live window."
    )

    page.get_by_text("Add a cost breakdown line", exact=True).click()
    line = page.locator("#add-cost-line form")
    # Its label points at the scope form's "Modification" field (two forms on the page share id_modification).
    line.locator("select[name=modification]").select_option(label="MP195")
    line.get_by_label("SIT (£)").fill("12500")
    line.get_by_role("button", name="Add the line").click()
    expect(page.locator("section[aria-labelledby=costs] tr", has_text="MP195")).to_contain_text("12,500")

    # Go-live moves a week, with the reason; the history shows it.
    page.get_by_role("link", name="Edit name, go-live and scope locks").click()
    page.get_by_label(re.compile(r"^Go-live date:?$")).fill("2022-07-07")
    page.get_by_label("Why the go-live date changes").fill("The TAG asked for another week of regression testing.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(r"/releases/june-2022/(#dates)?$"))
    expect(page.locator("dl.facts").first).to_contain_text("Thursday 7 July 2022")
    page.locator(".history-panel").scroll_into_view_if_needed()
    expect(page.locator(".history-panel")).to_contain_text("The TAG asked for another week of regression testing.")

    release = Release.objects.get(slug="june-2022")
    assert release.criteria.count() == 16
    assert ReleaseDateChange.objects.get(release=release).previous_date == datetime.date(2022, 6, 30)
    assert Modification.objects.get(reference="MP195").cr_dependencies.get().change_request.number == "CR1500"
    assert admin_requests == []


# -- the same pages as a Panel member ----------------------------------------------------------------


@pytest.fixture
def june_2022_running(cast, spring_2021):
    """June 2022 as SECAS left it above: started, an approved item, a CR it depends on, a risk and a cost line."""
    from acceptance.models import Risk
    from releases.models import CostBreakdownLine, ScopeItem

    release = Release.objects.start(name="June 2022 SEC Release", implementation_date=datetime.date(2022, 6, 30))
    modification = Modification.objects.create(
        reference="MP195", title="Journey modification", route="self_governance", impacts_dcc_systems=True
    )
    ScopeItem.add(release=release, modification=modification, inclusion="approved", added_on=SPRING_2021)
    change_request = ChangeRequest.objects.create(number="CR1500", title="Journey change request", originator="dcc")
    modification.depend_on(change_request, condition="delivered", reason="Journey")
    Risk.objects.create(release=release, description="There is a risk that UIT slips.")
    CostBreakdownLine.objects.create(release=release, modification=modification, sit=12500)
    return release


EDIT_LINKS = re.compile(
    r"^(Start a new release|Edit name, go-live|Add a modification|Target for a release|Record a decision|"
    r"Record a Change Request|Change(?! requests)|Move|Remove|Approve|Reschedule)\b"
)


def test_a_panel_member_finds_no_way_to_edit_and_every_form_post_is_refused(page, live_server, june_2022_running, cast):
    admin_requests = never_the_admin(page)
    log_in(page, live_server, "pat-panel")
    slug = june_2022_running.slug
    for url in ["/", f"/releases/{slug}/", "/modifications/", "/modifications/MP195/", "/change-requests/"]:
        page.goto(f"{live_server.url}{url}")
        expect(page.get_by_role("link", name=EDIT_LINKS)).to_have_count(0)
        expect(page.get_by_text(re.compile(r"^Add (a risk|a cost breakdown line|the dependency)$"))).to_have_count(0)
        # The only forms a Panel member posts: signing out, searching (GET) and following the release.
        expect(page.locator("main form[method=post]:not(#follow)")).to_have_count(0)

    cr = ChangeRequest.objects.get(number="CR1500")
    forms = [
        "/releases/new/",
        f"/releases/{slug}/edit/",
        f"/releases/{slug}/scope-locks/",
        f"/releases/{slug}/dates/",
        f"/releases/{slug}/scope/add/",
        f"/releases/{slug}/risks/add/",
        f"/releases/{slug}/costs/lines/add/",
        f"/releases/{slug}/decisions/add/",
        "/modifications/new/",
        "/modifications/MP195/target/",
        "/modifications/MP195/decide/",
        "/modifications/MP195/dependencies/add/",
        "/change-requests/new/",
        f"/change-requests/{cr.pk}/edit/",
    ]
    csrf = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "csrftoken")
    for url in forms:
        if not url.endswith(("/scope-locks/", "/scope/add/")):  # those two take only POST
            shown = page.goto(f"{live_server.url}{url}")
            assert shown.status == 403, url
        posted = page.request.post(
            f"{live_server.url}{url}",
            form={"name": "Taken over", "reason": "No", "release": str(june_2022_running.pk)},
            headers={"X-CSRFToken": csrf, "Referer": f"{live_server.url}/"},
        )
        assert posted.status == 403, url
        assert REFUSED in posted.text(), url  # refused for the role, not for a missing CSRF token

    june_2022_running.refresh_from_db()
    assert june_2022_running.name == "June 2022 SEC Release"
    assert Release.objects.count() == 1
    assert admin_requests == []
