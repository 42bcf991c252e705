"""Finding things: the header's search, the release list's sorting, the scope's DCC-System column."""

import datetime

import pytest
from django.urls import reverse

from modifications.models import ChangeRequest
from releases.models import RidVersion
from tests.factories import ChangeRequestFactory, ModificationFactory, ReleaseFactory, ScopeItemFactory
from tests.ui.conftest import build_release

pytestmark = pytest.mark.django_db
SEARCH = reverse("releases:search")


@pytest.fixture
def findable(db):
    release = ReleaseFactory(
        name="June 2020 SEC Release", slug="june-2020", implementation_date=datetime.date(2020, 6, 25)
    )
    mod62 = ModificationFactory(reference="SECMP0062", title="Northbound Application Traffic Management")
    mod62.add_alias("SEC Mod 62")
    mod93 = ModificationFactory(reference="MP093", title="Security Sub-Committee approval")
    mod93.add_alias("SECMP0093")
    ChangeRequestFactory(number="CR1145", title="Auxiliary Proportional Load Control", release=release)
    RidVersion.objects.create(
        release=release, version="1.1", changes="Non-system scope", dated=datetime.date(2020, 1, 10)
    )
    return release


def found(client, query: str) -> str:
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_every_page_has_a_search_box_in_its_header(client_as, panel_user, findable):
    html = client_as(panel_user).get(reverse("releases:list")).content.decode()
    assert f'action="{SEARCH}"' in html and 'role="search"' in html and 'name="q"' in html


def test_it_finds_a_modification_by_any_of_its_aliases(client_as, panel_user, findable):
    client = client_as(panel_user)
    for spelling in ("SEC Mod 62", "secmod62", "SECMP0062", "0062"):
        html = found(client, spelling)
        assert "/modifications/SECMP0062/" in html, spelling
        assert "Northbound Application Traffic Management" in html
    assert "/modifications/MP093/" in found(client, "SECMP0093")


def test_it_finds_change_requests_by_number_and_title(client_as, panel_user, findable):
    client = client_as(panel_user)
    html = found(client, "cr1145")
    assert "Auxiliary Proportional Load Control" in html
    cr = ChangeRequest.objects.get(number="CR1145")
    assert f'href="{reverse("change_requests:detail", kwargs={"pk": cr.pk})}"' in html
    assert "CR1145" in found(client, "proportional load")


def test_it_finds_releases_and_rid_versions_grouped(client_as, panel_user, findable):
    html = found(client_as(panel_user), "June 2020")
    assert '<h2 id="found-releases">Releases</h2>' in html
    assert '<h2 id="found-rid-versions">RID versions</h2>' in html
    assert "/releases/june-2020/" in html and ">1.1<" in html
    assert "found-modifications" not in html  # an empty group is left out


def test_it_says_when_nothing_is_found(client_as, panel_user, findable):
    assert "Nothing found for “zzz”." in found(client_as(panel_user), "zzz")


def test_search_needs_a_role(client_as, outsider, findable):
    assert client_as(outsider).get(SEARCH, {"q": "June"}).status_code == 403


@pytest.mark.parametrize("size", [1, 25])
def test_search_runs_a_fixed_number_of_queries(client_as, panel_user, django_assert_num_queries, size):
    for n in range(size):
        release = ReleaseFactory(name=f"Findable release {n}")
        modification = ModificationFactory(title=f"Findable modification {n}")
        modification.add_alias(f"Findable {n}")
        ChangeRequestFactory(title=f"Findable CR {n}", release=release)
        RidVersion.objects.create(release=release, version="0.1", changes="Findable draft")
    client = client_as(panel_user)
    # The session, the user, its roles; one query per group, and one for the modifications' aliases.
    with django_assert_num_queries(3 + 4 + 1):
        html = found(client, "Findable")
    assert "Findable modification 0" in html


# -- sorting ---------------------------------------------------------------------------------------


def names_in(html: str, names) -> list[str]:
    return sorted(names, key=html.index)


@pytest.fixture
def three_releases(db):
    early = ReleaseFactory(name="A early", slug="a-early", implementation_date=datetime.date(2031, 2, 1))
    late = ReleaseFactory(name="C late", slug="c-late", implementation_date=datetime.date(2031, 11, 1))
    middle = ReleaseFactory(name="B middle", slug="b-middle", implementation_date=datetime.date(2031, 6, 1))
    for _ in range(2):
        ScopeItemFactory(release=late, inclusion="approved")
    ScopeItemFactory(release=middle, inclusion="approved")
    return early, middle, late


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("", ["A early", "B middle", "C late"]),
        ("-go-live", ["C late", "B middle", "A early"]),
        ("name", ["A early", "B middle", "C late"]),
        ("-name", ["C late", "B middle", "A early"]),
        ("-approved", ["C late", "B middle", "A early"]),
        ("approved", ["A early", "B middle", "C late"]),
    ],
)
def test_the_release_list_sorts_by_its_columns(client_as, panel_user, three_releases, sort, order):
    html = client_as(panel_user).get(reverse("releases:list"), {"sort": sort}).content.decode()
    assert names_in(html, ["A early", "B middle", "C late"]) == order


def test_the_sorted_column_says_so_and_offers_the_reverse(client_as, panel_user, three_releases):
    html = client_as(panel_user).get(reverse("releases:list"), {"sort": "name"}).content.decode()
    assert '<th scope="col" aria-sort="ascending"><a class="sort" href="?sort=-name">Release</a></th>' in html
    assert 'aria-sort="none"><a class="sort" href="?sort=go-live">Go-live</a>' in html


def test_an_unknown_sort_is_the_usual_order(client_as, panel_user, three_releases):
    response = client_as(panel_user).get(reverse("releases:list"), {"sort": "password"})
    assert response.status_code == 200
    assert names_in(response.content.decode(), ["A early", "B middle", "C late"]) == ["A early", "B middle", "C late"]


@pytest.mark.parametrize("sort", ["name", "-approved", "targeted", "status"])
@pytest.mark.parametrize("size", [1, 5])
def test_a_sorted_release_list_runs_a_fixed_number_of_queries(
    client_as, panel_user, django_assert_num_queries, sort, size
):
    build_release(size)
    client = client_as(panel_user)
    with django_assert_num_queries(8):  # as unsorted (tests/ui/test_pages.py)
        assert client.get(reverse("releases:list"), {"sort": sort}).status_code == 200


def test_in_page_tables_are_marked_for_sorting(client_as, panel_user, november):
    html = client_as(panel_user).get(reverse("releases:detail", kwargs={"slug": november.slug})).content.decode()
    assert '<table class="stack" data-sortable>' in html


# -- the scope's DCC-System column -----------------------------------------------------------------


def test_the_scope_shows_whether_each_item_impacts_dcc_systems(client_as, panel_user, november):
    item = november.scope_items.filter(inclusion="targeted").first()
    item.modification.impacts_dcc_systems = True
    item.modification.save()
    html = client_as(panel_user).get(reverse("releases:detail", kwargs={"slug": november.slug})).content.decode()
    assert '<th scope="col">Impacts DCC Systems?</th>' in html
    assert '<td data-label="Impacts DCC Systems?">Yes</td>' in html
    assert '<td data-label="Impacts DCC Systems?">No</td>' in html


# -- the modification register's sorting ----------------------------------------------------------


@pytest.fixture
def register(db):
    ModificationFactory(reference="MP300", title="Bravo", phase="approved", impacts_dcc_systems=True)
    ModificationFactory(reference="MP100", title="Charlie", phase="development")
    ModificationFactory(reference="MP200", title="Alpha", phase="development", impacts_dcc_systems=True)


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("", ["MP100", "MP200", "MP300"]),
        ("-reference", ["MP300", "MP200", "MP100"]),
        ("title", ["MP200", "MP300", "MP100"]),
        ("-title", ["MP100", "MP300", "MP200"]),
        ("-dcc", ["MP200", "MP300", "MP100"]),
    ],
)
def test_the_modification_register_sorts_by_its_columns(client_as, panel_user, register, sort, order):
    html = client_as(panel_user).get(reverse("modifications:list"), {"sort": sort}).content.decode()
    assert names_in(html, ["MP100", "MP200", "MP300"]) == order


def test_sorting_the_register_keeps_its_filters(client_as, panel_user, register):
    response = client_as(panel_user).get(reverse("modifications:list"), {"phase": "development", "sort": "-title"})
    html = response.content.decode()
    assert "MP300" not in html.split("<tbody>")[1]
    assert names_in(html, ["MP100", "MP200"]) == ["MP100", "MP200"]
    assert '<th scope="col" aria-sort="descending"><a class="sort" href="?phase=development&amp;sort=title">' in html


@pytest.mark.parametrize("size", [1, 5])
def test_a_sorted_register_runs_a_fixed_number_of_queries(client_as, panel_user, django_assert_num_queries, size):
    build_release(size)
    client = client_as(panel_user)
    with django_assert_num_queries(8):  # as unsorted (tests/ui/test_pages.py)
        assert client.get(reverse("modifications:list"), {"sort": "-phase"}).status_code == 200
