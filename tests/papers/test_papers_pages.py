"""The Papers tab and the papers API: who reads, who writes, what a bad date or kind answers, and the cost."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from releases.models import Narrative, PaperHeader
from secreleases.clock import today
from tests.factories import CriterionFactory, ModificationFactory, ReleaseFactory, RiskFactory, ScopeItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def release():
    release = ReleaseFactory(name="June 2030 SEC Release", slug="june-2030")
    for reference in ("MP301", "MP302"):
        ScopeItemFactory(release=release, modification=ModificationFactory(reference=reference), status_note="Pending.")
    CriterionFactory(release=release, number=1, text="The DCC is ready.")
    RiskFactory(release=release, description="A residual risk.", mitigations="1. First.\n\n2. Second.")
    return release


def papers_url(release, **query):
    return reverse("releases:papers", kwargs={"slug": release.slug}), query


def header_url(release, kind="releases-update"):
    return reverse("releases:paper-header", kwargs={"slug": release.slug, "kind": kind})


def text_url(release, kind="approval-to-implement", section="purpose"):
    return reverse("releases:paper-text", kwargs={"slug": release.slug, "kind": kind, "section": section})


def test_the_panel_reads_a_paper_and_its_downloads_without_any_edit_link(client, panel_user, release):
    client.force_login(panel_user)
    url, query = papers_url(release, kind="approval-to-implement")
    html = client.get(url, query).content.decode()
    assert "Approval to implement the June 2030 SEC Release" in html
    assert "The DCC is ready." in html and "A residual risk." in html
    assert "Download as PDF" in html and "Download as Word (DOCX)" in html
    assert "Edit the header" not in html and "Edit the text" not in html


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("who", ["panel_user", "dcc_user"])
def test_only_secas_reaches_the_header_and_text_forms(client, release, request, who, method):
    client.force_login(request.getfixturevalue(who))
    for url in (header_url(release), text_url(release)):
        assert getattr(client, method)(url).status_code == 403
    assert not PaperHeader.objects.exists() and not Narrative.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, release):
    url, query = papers_url(release)
    assert client.get(url, query).status_code == 302
    assert (
        client.get(reverse("releases:paper-pdf", kwargs={"slug": release.slug, "kind": "releases-update"})).status_code
        == 302
    )


def test_secas_writes_the_header_and_the_paper_and_its_history_carry_it(client, secas_user, release):
    client.force_login(secas_user)
    assert "Edit the header" in client.get(*papers_url(release)).content.decode()
    response = client.post(
        header_url(release),
        {"reference": "SECP_99_0101_01", "body": "opsg", "action": "for_decision", "classification": "white",
         "authors": "A Author", "date": "", "recommendations": "NOTE this.\nAGREE that.", "source": "",
         "reason": "For the June meeting"},
    )  # fmt: skip
    assert response.status_code == 303
    header = PaperHeader.objects.get(release=release, kind="releases_update")
    assert header.history.latest().history_change_reason == "For the June meeting"
    html = client.get(*papers_url(release)).content.decode()
    assert "SECP_99_0101_01" in html and "The OPSG is requested to:" in html and "AGREE that." in html


def test_secas_writes_a_sections_text_starting_from_the_prefill_and_the_paper_prints_it(client, secas_user, release):
    client.force_login(secas_user)
    form = client.get(text_url(release)).content.decode()
    assert "The June 2030 SEC Release is due to be implemented on" in form  # the pre-fill from the data
    response = client.post(text_url(release), {"text": "Our own purpose.\n- a point", "source": "", "reason": ""})
    assert response.status_code == 303
    row = Narrative.objects.get(release=release, document="approval_to_implement", section="purpose")
    assert row.text == "Our own purpose.\n- a point"
    html = client.get(*papers_url(release, kind="approval-to-implement")).content.decode()
    assert "Our own purpose." in html and "is due to be implemented on" not in html


def test_a_text_with_a_stray_sub_bullet_is_refused_beside_the_field_and_nothing_is_saved(client, secas_user, release):
    client.force_login(secas_user)
    response = client.post(text_url(release), {"text": "  - a sub-bullet alone", "source": "", "reason": ""})
    assert response.status_code == 200
    assert "a sub-bullet must follow a bullet or a numbered item" in response.content.decode()
    assert not Narrative.objects.exists()


def test_an_edit_made_on_a_stale_form_is_refused_and_the_newer_text_kept(client, secas_user, release):
    client.force_login(secas_user)
    client.post(text_url(release), {"text": "First.", "source": "", "reason": ""})
    row = Narrative.objects.get()
    stale = row.updated_at.isoformat()
    client.post(text_url(release), {"text": "Second.", "source": "", "reason": "", "last_seen": stale})
    response = client.post(text_url(release), {"text": "Third.", "source": "", "reason": "", "last_seen": stale})
    assert "Someone else saved a newer version" in response.content.decode()
    assert Narrative.objects.get().text == "Second."


def test_an_unknown_section_or_paper_is_not_found(client, secas_user, release):
    client.force_login(secas_user)
    assert client.get(text_url(release, section="nope")).status_code == 404
    assert client.get(text_url(release, kind="minutes")).status_code == 404
    assert client.get(header_url(release, kind="minutes")).status_code == 404


@pytest.mark.parametrize(
    ("as_at", "message"),
    [
        ("26/05/2020", "Give the date as YYYY-MM-DD"),
        ("2999-01-01", "a day that has not ended"),
        ("1999-12-31", "from 2000-01-01"),
    ],
)
def test_a_bad_as_at_date_is_shown_beside_the_date_field(client, panel_user, release, as_at, message):
    client.force_login(panel_user)
    response = client.get(*papers_url(release, as_at=as_at))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'value="' + as_at + '"' in html
    assert "Download as PDF" not in html


def test_the_word_download_opens_in_word_with_the_scope_table(client, panel_user, release):
    client.force_login(panel_user)
    url = reverse("releases:paper-docx", kwargs={"slug": release.slug, "kind": "releases-update"})
    response = client.get(url, {"as_at": today().isoformat()})
    assert response["Content-Disposition"].startswith('attachment; filename="june-2030-releases-update-')
    table = Document(io.BytesIO(response.content)).tables[0]
    assert [row.cells[0].text.split()[0] for row in table.rows] == ["Modification", "MP301", "MP302"]


def test_the_papers_tab_costs_the_same_queries_with_ten_times_the_scope(client, secas_user, release):
    client.force_login(secas_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(*papers_url(release)).status_code == 200
        return len(captured)

    small = queries()
    for number in range(20):
        ScopeItemFactory(release=release, modification=ModificationFactory(reference=f"MP{400 + number}"))
    ReleaseFactory(name="Later SEC Release", slug="later")
    assert queries() == small
    assert small <= 30


# -- the API -----------------------------------------------------------------------------------------


def test_the_api_lists_the_two_papers(api_as, panel_user, release):
    response = api_as(panel_user).get(f"/api/v1/releases/{release.slug}/papers/")
    assert response.status_code == 200
    assert [row["kind"] for row in response.json()] == ["releases-update", "approval-to-implement"]
    assert response.json()[0]["url"] == f"/api/v1/releases/{release.slug}/papers/releases-update/"


def test_the_api_answers_an_unknown_paper_404_and_a_bad_date_or_format_400_in_json(api_as, dcc_user, release):
    client = api_as(dcc_user)
    base = f"/api/v1/releases/{release.slug}/papers/"
    unknown = client.get(f"{base}minutes/", {"format": "pdf"})
    assert unknown.status_code == 404 and "releases-update" in unknown.json()["detail"]
    bad_date = client.get(f"{base}releases-update/", {"as_at": "26/05/2020", "format": "docx"})
    assert bad_date.status_code == 400 and bad_date.json() == {
        "as_at": ["Give the date as YYYY-MM-DD, e.g. 2020-05-26."]
    }
    bad_format = client.get(f"{base}releases-update/", {"format": "odt"})
    assert bad_format.status_code == 400 and bad_format.json() == {"format": ["Give docx or pdf."]}
    assert client.get("/api/v1/releases/nope/papers/releases-update/").status_code == 404


def test_the_api_asks_for_credentials(api_as, release):
    assert api_as(None).get(f"/api/v1/releases/{release.slug}/papers/").status_code == 401


def test_the_api_list_and_the_history_cost_the_same_queries_with_more_history(client, api_as, secas_user, release):
    client.force_login(secas_user)
    api = api_as(secas_user)
    history = reverse("releases:paper-history", kwargs={"slug": release.slug, "kind": "approval-to-implement"})

    def queries() -> tuple[int, int]:
        counted = []
        for get, url in ((api.get, f"/api/v1/releases/{release.slug}/papers/"), (client.get, history)):
            with CaptureQueriesContext(connection) as captured:
                assert get(url).status_code == 200
            counted.append(len(captured))
        return tuple(counted)

    client.post(text_url(release), {"text": "First.", "source": "", "reason": ""})
    row = Narrative.objects.get()
    client.post(text_url(release), {"text": "Second.", "source": "", "last_seen": row.updated_at.isoformat()})
    few = queries()  # a creation and a change: the history reads both kinds of entry
    for number in range(5):
        row = Narrative.objects.get()
        client.post(
            text_url(release), {"text": f"Take {number}.", "source": "", "last_seen": row.updated_at.isoformat()}
        )
    client.post(text_url(release, section="approval"), {"text": "Approve.", "source": ""})
    assert queries() == few


def test_an_edit_made_from_a_past_day_lands_on_todays_paper_where_it_shows(client, secas_user, release):
    client.force_login(secas_user)
    response = client.post(
        text_url(release) + "?as_at=2020-05-26", {"text": "Written today.", "source": "", "reason": ""}, follow=True
    )
    assert response.redirect_chain[-1] == (f"/releases/{release.slug}/papers/?kind=approval-to-implement", 303)
    html = response.content.decode()
    assert "The text of “1. Purpose” saved: the paper as at today carries it." in html
    assert "Written today." in html


def test_a_day_before_the_release_was_recorded_says_so_and_the_api_answers_404(client, api_as, panel_user, release):
    client.force_login(panel_user)
    response = client.get(*papers_url(release, as_at="2020-05-26"))
    assert response.status_code == 400
    assert "The June 2030 SEC Release was not yet recorded on 26 May 2020." in response.content.decode()
    answer = api_as(panel_user).get(f"/api/v1/releases/{release.slug}/papers/releases-update/", {"as_at": "2020-05-26"})
    assert answer.status_code == 404 and answer.json()["detail"].endswith("not yet recorded on 26 May 2020.")
