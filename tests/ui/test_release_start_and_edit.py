"""SECAS starts and edits releases in the browser; the Panel and the DCC read them and may not."""

import datetime

import pytest
from django.urls import reverse

from releases.models import Release, ReleaseDateChange
from tests.factories import ReleaseFactory
from tests.standard_set import load_standard_criteria

pytestmark = pytest.mark.django_db
START = reverse("releases:start")


@pytest.fixture(autouse=True)
def standard_criteria(db):
    load_standard_criteria()


@pytest.fixture
def june_2022(db):
    return Release.objects.start(name="June 2022 SEC Release", implementation_date=datetime.date(2022, 6, 30))


def edit_url(release) -> str:
    return reverse("releases:edit", kwargs={"slug": release.slug})


def edit_data(release, **changes) -> dict:
    data = {
        "name": release.name,
        "go_live": release.implementation_date.isoformat() if release.implementation_date else "",
        "go_live_half_year": release.go_live_half_year.isoformat() if release.go_live_half_year else "",
        "reason": "",
        "decided_on": "",
        "paper": "",
        "last_seen": release.updated_at.isoformat(),
    }
    return data | changes


# -- starting --------------------------------------------------------------------------------------


def test_secas_starts_a_release_and_lands_on_its_page_with_criteria_and_timetable(client_as, secas_user):
    client = client_as(secas_user)
    data = {"name": "June 2022 SEC Release", "slug": "", "implementation_date": "2022-06-30"}

    response = client.post(START, data, follow=True)

    html = response.content.decode()
    assert "June 2022 SEC Release started with 16 standard acceptance criteria and the standard timetable" in html
    assert "Panel go/no-go decision" in html and "17 Jun 2022" in html
    assert html.count('id="criterion-') == 16


def test_the_start_form_proposes_the_slug_from_the_name(client_as, secas_user):
    html = client_as(secas_user).get(START).content.decode()
    assert 'data-slug-source="slug"' in html  # app.js fills the slug as the name is typed
    assert "Start the release" in html


def test_a_release_known_only_by_its_half_year_shows_it_on_the_list(client_as, secas_user):
    client = client_as(secas_user)
    client.post(START, {"name": "November 2023 SEC Release", "go_live_half_year": "2023-12-31"})

    html = client.get(reverse("releases:list")).content.decode()
    assert "second half of 2023" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "implementation_date": "2022-06-30"}, "name", "This field is required."),
        ({"name": "June 2022 SEC Release"}, "implementation_date", "Give the go-live date, or the half-year"),
        (
            {"name": "June 2022 SEC Release", "implementation_date": "2022-06-30", "go_live_half_year": "2022-12-31"},
            "go_live_half_year",
            "The go-live date, 30 June 2022, falls in another half-year.",
        ),
        ({"name": "June 2022 SEC Release", "implementation_date": "2022-06-31"}, "implementation_date", "valid date"),
        ({"name": "June 2022 SEC Release", "slug": "June 2022!"}, "slug", "letters, numbers, underscores or hyphens"),
        (
            {"name": "June 2022 SEC Release", "slug": "new", "implementation_date": "2022-06-30"},
            "slug",
            "choose another",
        ),
    ],
)
def test_bad_input_is_explained_beside_its_field_and_nothing_typed_is_lost(client_as, secas_user, data, field, message):
    response = client_as(secas_user).post(START, data)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert 'value="June 2022 SEC Release"' in response.content.decode() or not data["name"]
    assert not Release.objects.exists()


def test_a_slug_already_taken_is_refused_beside_the_slug(client_as, secas_user):
    ReleaseFactory(name="June 2022 (old)", slug="june-2022")

    response = client_as(secas_user).post(START, {"name": "June 2022 SEC Release", "implementation_date": "2022-06-30"})

    assert response.context["form"].errors["slug"] == ["Release with this Slug already exists."]
    assert 'value="june-2022"' in response.content.decode()  # the proposed slug, shown to be changed


# -- editing ---------------------------------------------------------------------------------------


def test_secas_renames_a_release(client_as, secas_user, june_2022):
    response = client_as(secas_user).post(edit_url(june_2022), edit_data(june_2022, name="June 2022 SEC Release (v2)"))

    assert response.status_code == 303
    june_2022.refresh_from_db()
    assert june_2022.name == "June 2022 SEC Release (v2)"
    assert june_2022.date_changes.count() == 0


def test_a_new_go_live_without_a_reason_is_refused_beside_the_reason(client_as, secas_user, june_2022):
    data = edit_data(june_2022, go_live="2022-07-07", name="Renamed")

    response = client_as(secas_user).post(edit_url(june_2022), data)

    assert response.status_code == 200
    form = response.context["edit_form"]
    assert form.errors["reason"] == ["Say why the date changes: the reason is kept with the date's revision."]
    june_2022.refresh_from_db()
    assert (june_2022.implementation_date, june_2022.name) == (datetime.date(2022, 6, 30), "June 2022 SEC Release")
    assert 'value="Renamed"' in response.content.decode()


def test_a_new_go_live_with_a_reason_reschedules_and_shows_in_the_history(client_as, secas_user, june_2022):
    client = client_as(secas_user)
    data = edit_data(june_2022, go_live="2022-07-07", reason="Extra regression testing", paper="SECP_99_0101_01")

    assert client.post(edit_url(june_2022), data).status_code == 303

    change = ReleaseDateChange.objects.get(release=june_2022)
    assert (change.previous_date, change.new_date, change.reason) == (
        datetime.date(2022, 6, 30),
        datetime.date(2022, 7, 7),
        "Extra regression testing",
    )
    assert change.recorded_by == secas_user
    history = client.get(reverse("releases:history", kwargs={"slug": june_2022.slug})).content.decode()
    assert "Extra regression testing" in history
    detail = client.get(reverse("releases:detail", kwargs={"slug": june_2022.slug})).content.decode()
    assert "Thursday 7 July 2022" in detail


def test_an_edit_made_on_a_stale_page_is_refused(client_as, secas_user, june_2022):
    client = client_as(secas_user)
    stale = edit_data(june_2022, name="From the stale page")
    client.post(edit_url(june_2022), edit_data(june_2022, name="Saved first"))

    response = client.post(edit_url(june_2022), stale)

    assert response.status_code == 200
    assert "Someone else saved a newer version" in " ".join(response.context["edit_form"].non_field_errors())
    june_2022.refresh_from_db()
    assert june_2022.name == "Saved first"


def test_secas_records_the_panels_scope_lock_baseline_with_its_paper(client_as, secas_user, june_2022):
    url = reverse("releases:scope-lock-record", kwargs={"slug": june_2022.slug})
    data = {
        "lock-lock": "system_scope_lock",
        "lock-baselined_on": "2021-05-14",
        "lock-paper": "SECP_98_1405_11",
        "lock-reason": "",
        "lock-last_seen": june_2022.updated_at.isoformat(),
    }

    assert client_as(secas_user).post(url, data).status_code == 303

    june_2022.refresh_from_db()
    assert june_2022.system_scope_lock_date == datetime.date(2021, 5, 14)
    assert june_2022.system_scope_lock_recorded
    change = june_2022.date_changes.get()
    assert (change.paper, change.decided_on, change.reason) == (
        "SECP_98_1405_11",
        datetime.date(2021, 5, 14),
        "The Panel baselined the DCC-System scope",
    )


def test_a_scope_lock_on_or_after_go_live_is_refused_beside_its_date(client_as, secas_user, june_2022):
    url = reverse("releases:scope-lock-record", kwargs={"slug": june_2022.slug})
    data = {
        "lock-lock": "document_scope_lock",
        "lock-baselined_on": "2022-07-01",
        "lock-last_seen": june_2022.updated_at.isoformat(),
    }

    response = client_as(secas_user).post(url, data)

    assert response.status_code == 200
    assert "before the go-live date" in " ".join(response.context["lock_form"].errors["baselined_on"])
    june_2022.refresh_from_db()
    assert not june_2022.document_scope_lock_recorded


# -- who may --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["panel_user", "dcc_user", "outsider"])
def test_only_secas_may_start_or_edit_a_release_get_and_post(request, client_as, june_2022, role):
    client = client_as(request.getfixturevalue(role))
    slug = june_2022.slug
    for url in [START, edit_url(june_2022), reverse("releases:scope-lock-record", kwargs={"slug": slug})]:
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url, {"name": "Taken over", "go_live": "", "lock": "system_scope_lock"}).status_code == 403
    june_2022.refresh_from_db()
    assert june_2022.name == "June 2022 SEC Release"
    assert Release.objects.count() == 1


@pytest.mark.parametrize("role", ["panel_user", "dcc_user"])
def test_readers_are_not_shown_the_start_and_edit_links(request, client_as, june_2022, role):
    client = client_as(request.getfixturevalue(role))
    listing = client.get(reverse("releases:list")).content.decode()
    detail = client.get(reverse("releases:detail", kwargs={"slug": june_2022.slug})).content.decode()
    assert START not in listing
    assert edit_url(june_2022) not in detail


def test_secas_are_shown_the_start_and_edit_links(client_as, secas_user, june_2022):
    client = client_as(secas_user)
    assert START in client.get(reverse("releases:list")).content.decode()
    assert (
        edit_url(june_2022) in client.get(reverse("releases:detail", kwargs={"slug": june_2022.slug})).content.decode()
    )


# -- query counts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 5])
def test_the_start_and_edit_pages_run_a_fixed_number_of_queries(client_as, secas_user, django_assert_num_queries, size):
    releases = [
        Release.objects.start(name=f"Release {n}", implementation_date=datetime.date(2022 + n, 6, 30))
        for n in range(size)
    ]
    release = releases[0]
    for _ in range(size):
        release.reschedule("implementation", release.implementation_date + datetime.timedelta(days=1), reason="Later")
    client = client_as(secas_user)
    with django_assert_num_queries(3):  # the session, the user and the user's roles
        assert client.get(START).status_code == 200
    with django_assert_num_queries(5):  # and the release, and its date revisions
        assert client.get(edit_url(release)).status_code == 200


@pytest.mark.parametrize("size", [1, 5])
def test_the_follow_page_runs_a_fixed_number_of_queries(client_as, panel_user, django_assert_num_queries, size):
    releases = [
        Release.objects.start(name=f"Release {n}", implementation_date=datetime.date(2022 + n, 6, 30))
        for n in range(size)
    ]
    for release in releases:
        release.set_following(panel_user, True, {"lapses": False})
    client = client_as(panel_user)
    with django_assert_num_queries(5):  # the session, the user, its roles, the release, the user's follow
        assert client.get(reverse("releases:follow", kwargs={"slug": releases[0].slug})).status_code == 200
