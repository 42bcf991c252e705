"""A new release starts the same way at every door: the standard criteria, timetable and scope locks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from releases.models import Release
from releases.standard_timetable import STANDARD_TIMETABLE
from tests.factories import ReleaseFactory
from tests.standard_set import load_standard_criteria

pytestmark = pytest.mark.django_db
GO_LIVE = datetime.date(2022, 6, 30)


@pytest.fixture(autouse=True)
def standard_criteria(db):
    assert load_standard_criteria() == 16


def timetable(release) -> list[tuple]:
    return list(release.milestones.timetable().values_list("position", "event", "date", "owner", "notes"))


def criteria(release) -> dict:
    counts = {}
    for category in release.criteria.values_list("category", flat=True):
        counts[category] = counts.get(category, 0) + 1
    return counts


def test_a_new_release_starts_with_the_sixteen_standard_criteria():
    release = Release.objects.start(name="June 2022 SEC Release", implementation_date=GO_LIVE)

    assert criteria(release) == {"operational": 9, "testing": 6, "security": 1}
    assert release.criteria.get(category="security").reviewer == "ssc"


def test_its_timetable_is_the_june_2020_rids_dated_from_go_live_and_the_scope_locks():
    release = Release.objects.start(name="June 2022 SEC Release", implementation_date=GO_LIVE)

    rows = {event: (date, owner) for _, event, date, owner, _ in timetable(release)}
    assert len(rows) == len(STANDARD_TIMETABLE) == 23  # the RID v1.1 timetable has 23 rows
    assert rows["Release go-live"] == (GO_LIVE, None)
    assert rows["Panel go/no-go decision"] == (datetime.date(2022, 6, 17), "panel")  # 13 days before, as in 2020
    assert rows["DCC submits UIT Completion Report and evidence against the testing acceptance criteria"] == (
        datetime.date(2022, 5, 25),
        "dcc",
    )
    # The Panel baselines on the scope locks: their policy defaults, 12 and 6 months before go-live.
    assert rows["Panel baselines RID for system-impacting modifications"][0] == datetime.date(2021, 6, 30)
    assert rows["Panel baselines RID for non-system-impacting modifications"][0] == datetime.date(2021, 12, 30)
    assert rows["DCC submits draft SEC Release TAD"] == (None, "dcc")  # undated in the RID too
    notes = {event: notes for _, event, _, _, notes in timetable(release)}
    assert notes["Test Participants inform DCC of their regression testing plans"] == (
        "By 10 Working Days before UIT begins"
    )


def test_it_gets_the_policy_scope_locks():
    release = Release.objects.start(name="June 2022 SEC Release", implementation_date=GO_LIVE)

    assert release.system_scope_lock_date == datetime.date(2021, 6, 30)
    assert release.document_scope_lock_date == datetime.date(2021, 12, 30)
    assert not release.system_scope_lock_recorded and not release.document_scope_lock_recorded


def test_its_slug_is_proposed_from_the_name_when_none_is_given():
    assert Release.objects.start(name="June 2022 SEC Release", implementation_date=GO_LIVE).slug == "june-2022"
    assert Release.objects.start(name="Special release", slug="feb-2023", implementation_date=None).slug == "feb-2023"


def test_a_release_known_only_by_its_half_year_starts_with_an_undated_timetable():
    release = Release.objects.start(name="November 2023 SEC Release", go_live_half_year=datetime.date(2023, 11, 1))

    assert release.go_live_half_year == datetime.date(2023, 12, 31)
    assert release.half_year_label == "second half of 2023"
    assert {date for _, _, date, _, _ in timetable(release)} == {None}
    assert release.system_scope_lock_date is None
    assert release.criteria.count() == 16


def test_a_refused_start_leaves_nothing_behind():
    ReleaseFactory(name="June 2022 SEC Release", slug="june-2022")

    with pytest.raises(ValidationError) as refusal:
        Release.objects.start(name="June 2022 SEC Release", implementation_date=GO_LIVE)

    assert "name" in refusal.value.message_dict
    assert Release.objects.filter(name="June 2022 SEC Release").count() == 1


def test_undated_releases_take_their_place_in_the_list_by_half_year():
    ReleaseFactory(name="May 2022", slug="may-2022", implementation_date=datetime.date(2022, 5, 5))
    ReleaseFactory(name="February 2023", slug="february-2023", implementation_date=datetime.date(2023, 2, 23))
    Release.objects.start(name="Late 2022", go_live_half_year=datetime.date(2022, 12, 31))
    ReleaseFactory(name="Sometime", slug="sometime", implementation_date=None)

    names = list(Release.objects.in_list_order().values_list("name", flat=True))

    assert names == ["May 2022", "Late 2022", "February 2023", "Sometime"]


# -- every door -------------------------------------------------------------------------------------


def started_as_the_verb_starts_it(release) -> None:
    assert criteria(release) == {"operational": 9, "testing": 6, "security": 1}
    expected = Release.objects.start(name="Reference release", slug="reference", implementation_date=GO_LIVE)
    strip = lambda rows: [row[1:] for row in rows]  # noqa: E731
    assert strip(timetable(release)) == strip(timetable(expected))
    assert (release.system_scope_lock_date, release.document_scope_lock_date) == (
        datetime.date(2021, 6, 30),
        datetime.date(2021, 12, 30),
    )


def test_the_browser_starts_a_release_with_the_standard_set(client, secas_user):
    client.force_login(secas_user)
    data = {"name": "June 2022 SEC Release", "slug": "", "implementation_date": "2022-06-30"}

    response = client.post(reverse("releases:start"), data)

    assert response.status_code == 303
    assert response["Location"] == "/releases/june-2022/"
    started_as_the_verb_starts_it(Release.objects.get(slug="june-2022"))


def test_the_api_starts_a_release_with_the_standard_set(api_as, secas_user):
    response = api_as(secas_user).post(
        "/api/v1/releases/",
        {"slug": "june-2022", "name": "June 2022 SEC Release", "implementation_date": "2022-06-30"},
        format="json",
    )

    assert response.status_code == 201, response.content
    started_as_the_verb_starts_it(Release.objects.get(slug="june-2022"))


def test_the_api_refuses_a_second_release_of_the_same_name(api_as, secas_user):
    ReleaseFactory(name="June 2022 SEC Release", slug="june-2022")
    response = api_as(secas_user).post(
        "/api/v1/releases/", {"slug": "june-2022b", "name": "June 2022 SEC Release"}, format="json"
    )

    assert response.status_code == 400
    assert "name" in response.json()


def admin_add_data(client, **fields) -> dict:
    """The admin's add form as a browser would send it: the fields, and every inline left empty."""
    response = client.get(reverse("admin:releases_release_add"))
    data = {"status": "planning", "classification": "white", **fields}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data


def test_the_admin_starts_a_release_with_the_standard_set(client, superuser):
    client.force_login(superuser)
    data = admin_add_data(client, name="June 2022 SEC Release", slug="june-2022", implementation_date="2022-06-30")

    response = client.post(reverse("admin:releases_release_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    started_as_the_verb_starts_it(Release.objects.get(slug="june-2022"))


def test_the_api_starts_a_release_known_only_by_its_half_year(api_as, secas_user):
    response = api_as(secas_user).post(
        "/api/v1/releases/",
        {"slug": "november-2023", "name": "November 2023 SEC Release", "go_live_half_year": "2023-11-01"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["go_live_half_year"] == "2023-12-31"  # kept as the half's last day
    assert response.json()["implementation_date"] is None
    assert Release.objects.get(slug="november-2023").milestones.count() == len(STANDARD_TIMETABLE)
