"""Every page: who may see it, what it shows, and a query count that does not grow with the data."""

import datetime

import pytest
from django.urls import reverse

from tests.ui.conftest import build_release

pytestmark = pytest.mark.django_db


def pages(release):
    reference = release.scope_items.first().modification.reference
    return [
        reverse("releases:list"),
        reverse("releases:detail", kwargs={"slug": release.slug}),
        reverse("releases:dashboard", kwargs={"slug": release.slug}),
        reverse("releases:planning"),
        reverse("modifications:list"),
        reverse("modifications:detail", kwargs={"reference": reference}),
    ]


def test_it_sends_anonymous_visitors_to_the_login_page(client, november):
    for url in pages(november):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_it_refuses_every_page_to_a_user_without_a_role(client_as, outsider, november):
    client = client_as(outsider)
    for url in pages(november):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["secas_user", "dcc_user", "panel_user"])
def test_it_shows_every_page_to_each_role(request, client_as, november, role):
    client = client_as(request.getfixturevalue(role))
    for url in pages(november):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'<main id="main"' in response.content


def test_it_lists_releases_with_scope_counts_and_a_rag_summary(client_as, panel_user, november):
    html = client_as(panel_user).get(reverse("releases:list")).content.decode()
    assert "November 2020 SEC Release" in html
    assert "1 of 2 criteria met, 1 at risk" in html
    assert 'class="badge badge-amber"' in html


def test_the_release_page_shows_scope_timetable_costs_criteria_risks_and_history(client_as, panel_user, november):
    html = client_as(panel_user).get(reverse("releases:detail", kwargs={"slug": november.slug})).content.decode()
    for text in [
        "Targeted (decision pending)",
        "1 Sep 2020",
        "The Change Board vote will be held on 27 May 2020 under Self-Governance.",
        "+7 days",
        "£1,000.00",
        "Residual risk 0",
        "Component readiness as at 1 November 2020",
        "DCC Change Requests alongside",
    ]:
        assert text in html, text
    assert "History" in html
    history = client_as(panel_user).get(reverse("releases:history", kwargs={"slug": november.slug})).content.decode()
    assert "created" in history and "Moved for testing capacity" in history


def test_the_release_page_shows_a_cost_discrepancy_beside_both_totals(client_as, panel_user, november):
    from releases.models import CostBreakdownLine
    from tests.factories import ModificationFactory

    CostBreakdownLine.objects.create(release=november, modification=ModificationFactory(), sit=600, uit=300)
    html = client_as(panel_user).get(reverse("releases:detail", kwargs={"slug": november.slug})).content.decode()
    assert "£900.00" in html and "£100.00" in html and "not corrected" in html


def test_the_dashboard_rolls_criteria_up_per_reviewing_body(client_as, panel_user, november):
    html = client_as(panel_user).get(reverse("releases:dashboard", kwargs={"slug": november.slug})).content.decode()
    assert "Operations Group (OPSG)" in html and "Testing Advisory Group (TAG)" in html
    assert "Residual risks (1)" in html
    assert "Operations Group recommends <strong>Go</strong>" in html
    assert "The Panel has not decided yet." in html
    assert html.count('<svg class="harvey"') == 9  # four current states, five targets; one state not stated
    assert "not stated" in html
    assert "1 milestone forecast later than planned." in html


def test_the_dashboard_draws_a_harvey_ball_per_state(client_as, panel_user, november):
    html = client_as(panel_user).get(reverse("releases:dashboard", kwargs={"slug": november.slug})).content.decode()
    assert "state 1 of 4, Building in progress" in html
    assert "state 4 of 4, Built, tested, deployed and ready for live operation" in html


def test_panel_members_see_no_edit_controls_only_the_follow_button(client_as, panel_user, november):
    follow = reverse("releases:follow", kwargs={"slug": november.slug})
    for url in pages(november):
        html = client_as(panel_user).get(url).content.decode()
        for own_choice in (reverse("logout"), follow):  # signing out and following concern only themselves
            html = html.replace(f'method="post" action="{own_choice}"', "")
        assert 'method="post"' not in html, url
        assert "Add a modification" not in html
        assert "Edit name, go-live" not in html and "Start a new release" not in html


def test_secas_staff_see_the_edit_controls(client_as, secas_user, november):
    html = client_as(secas_user).get(reverse("releases:detail", kwargs={"slug": november.slug})).content.decode()
    assert "Add a modification to this release" in html
    assert ">Change<" in html and ">Move<" in html and ">Remove<" in html
    assert ">Assess<" in html and ">Update<" in html and "Follow this release" not in html  # SECAS follow by default


def test_dcc_staff_may_update_milestones_but_not_scope(client_as, dcc_user, november):
    html = client_as(dcc_user).get(reverse("releases:detail", kwargs={"slug": november.slug})).content.decode()
    assert ">Update<" in html and "Record a readiness report" in html
    assert "Add a modification" not in html and ">Move<" not in html


def test_planning_shows_uplift_and_dependency_warnings(client_as, panel_user, november):
    from modifications.models import CrDependency
    from tests.factories import ChangeRequestFactory

    item = november.scope_items.filter(inclusion="targeted").first()
    item.modification.impacts_duis = "yes"
    item.modification.save()
    later = november.scope_items.filter(inclusion="targeted").exclude(pk=item.pk).first()
    later.modification.impacts_duis = "yes"
    later.modification.save()
    cr = ChangeRequestFactory(release=item.fall_back_release)
    CrDependency.objects.create(modification=item.modification, change_request=cr)
    june = build_release(1, slug="june-2020", name="June 2020 SEC Release")
    june_item = june.scope_items.filter(inclusion="targeted").first()
    june_item.modification.impacts_duis = "yes"
    june_item.modification.save()
    html = client_as(panel_user).get(reverse("releases:planning")).content.decode()
    assert "2020 has 2 DUIS uplifts" in html
    assert f"{item.modification.reference} is targeted for November 2020 SEC Release but depends on {cr.number}" in html


# -- query counts: pinned, and the same with five times the data -------------------------------------

EXPECTED_QUERIES = {
    "releases:list": 8,
    # with the paper text (narratives), the releases an item may go to, and (for SECAS) the criteria amendments,
    # whether the RID is baselined and the modifications a cost line may be for
    "releases:detail": 24,  # and the papers' days beside the as-at picker
    "releases:dashboard": 15,  # the go/no-go pack: with the scope, the cost lines, the bodies' views, the papers' days
    "releases:planning": 10,
    "modifications:list": 8,
    "modifications:detail": 13,  # with its impacts, CR dependencies, the CRs a dependency may name, the papers' days
}


def url_for(name, release):
    if name in ("releases:detail", "releases:history", "releases:dashboard"):
        return reverse(name, kwargs={"slug": release.slug})
    if name in ("modifications:detail", "modifications:history"):
        return reverse(name, kwargs={"reference": release.scope_items.first().modification.reference})
    return reverse(name)


@pytest.mark.parametrize("name", EXPECTED_QUERIES)
@pytest.mark.parametrize("size", [1, 5])
def test_each_page_runs_a_fixed_number_of_queries(client_as, secas_user, django_assert_num_queries, name, size):
    release = build_release(size)
    client = client_as(secas_user)
    url = url_for(name, release)
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        assert client.get(url).status_code == 200


# A history page: the session, the user, its roles, the subject, the count and the page, then one
# query per kind of record on the page and one per related model its changes name: bounded by the
# number of sources (15 for a release, 8 for a modification), whatever the length of the history.
HISTORY_QUERY_BOUNDS = {"releases:history": 6 + 15 + 4, "modifications:history": 6 + 8 + 4}


@pytest.mark.parametrize("name", HISTORY_QUERY_BOUNDS)
@pytest.mark.parametrize("size", [1, 5])
def test_history_pages_run_a_bounded_number_of_queries(
    client_as, secas_user, django_assert_max_num_queries, name, size
):
    release = build_release(size)
    client, url = client_as(secas_user), url_for(name, release)
    with django_assert_max_num_queries(HISTORY_QUERY_BOUNDS[name]):
        assert client.get(url).status_code == 200


def test_a_refusal_explains_itself_in_the_sites_own_page(client_as, outsider, november):
    response = client_as(outsider).get(reverse("releases:list"))
    assert response.status_code == 403
    assert "Your account has no role that allows this page or change." in response.content.decode()


def test_planning_shows_three_years_from_the_first_release_in_flight(client_as, panel_user):
    from tests.factories import ReleaseFactory

    ReleaseFactory(
        name="June 2027 SEC Release", slug="june-2027", implementation_date=datetime.date(2027, 6, 24), status="live"
    )
    ReleaseFactory(name="June 2029 SEC Release", slug="june-2029", implementation_date=datetime.date(2029, 6, 28))
    ReleaseFactory(name="June 2031 SEC Release", slug="june-2031", implementation_date=None)
    ReleaseFactory(name="June 2033 SEC Release", slug="june-2033", implementation_date=datetime.date(2033, 6, 30))
    client = client_as(panel_user)

    first = client.get(reverse("releases:planning")).content.decode()
    assert "June 2029 SEC Release" in first and "June 2031 SEC Release" in first  # placed by its name
    assert "June 2027 SEC Release" not in first and "June 2033 SEC Release" not in first
    assert "?from=2026" in first and "?from=2032" in first

    later = client.get(reverse("releases:planning"), {"from": "2032"}).content.decode()
    assert "June 2033 SEC Release" in later and "June 2029 SEC Release" not in later
    assert client.get(reverse("releases:planning"), {"from": "nonsense"}).status_code == 200
