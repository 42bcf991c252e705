"""The RID's own paragraphs (narrative), its descriptions and cut-off table, and its DOCX download."""

import copy
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from docx import Document

from releases.models import Narrative, RidVersion
from releases.rid import baseline
from releases.rid.assemble import assemble
from releases.rid.docx import DOCX_CONTENT_TYPE, render_docx
from releases.rid.render import document_context
from releases.rid.schema import readable

CLOSING = "No further modifications that impact on DCC Systems are expected to be added.\n- a bullet\n  - a sub-bullet"


def html_of(rid: dict) -> str:
    return render_to_string("rid/document.html", document_context(rid))


def test_a_narrative_is_parsed_into_blocks_with_bullet_levels(june_2020):
    narrative = Narrative.objects.create(release=june_2020, section="scope", text=CLOSING, source="RID 1")

    assert narrative.blocks == [
        {
            "style": "paragraph",
            "level": 0,
            "text": "No further modifications that impact on DCC Systems are expected to be added.",
        },
        {"style": "bullet", "level": 1, "text": "a bullet"},
        {"style": "sub_bullet", "level": 2, "text": "a sub-bullet"},
    ]
    assert assemble(june_2020)["narrative"] == {"scope": {"blocks": narrative.blocks, "source": "RID 1"}}


def test_a_narrative_refuses_an_unknown_section_and_a_sub_bullet_without_a_bullet(june_2020):
    with pytest.raises(ValidationError) as error:
        Narrative(release=june_2020, section="nowhere", text="  - orphan").full_clean()
    assert set(error.value.message_dict) == {"section", "text"}


def test_the_rid_prints_the_narrative_in_its_section_and_keeps_it_in_the_baseline(june_2020, secas_user):
    narrative = Narrative.objects.create(release=june_2020, section="scope", text=CLOSING, source="RID 1")
    row = baseline(june_2020, version="1.1", changes="Re-baselined", baselined_on=datetime.date(2020, 1, 17))
    narrative.text = "Changed after the baseline."
    narrative.save()

    html = html_of(RidVersion.objects.get(pk=row.pk).snapshot)

    scope = html[html.index('id="scope"') : html.index('id="impacts"')]
    assert "expected to be added." in scope and '<ul class="rid-sub-bullets"><li>a sub-bullet</li></ul>' in scope
    assert "Changed after the baseline." not in html


def test_the_cut_off_table_lists_only_items_with_a_cut_off(june_2020):
    june_2020.scope_items.get(modification__reference="MP079").update(cut_off_date=None)

    html = html_of(assemble(june_2020))

    table = html[html.index("Decision cut-off dates") : html.index("</table>", html.index("Decision cut-off dates"))]
    assert "MP084" in table and "MP079" not in table and "Not set" not in html
    for item in june_2020.scope_items.all():
        item.update(cut_off_date=None)
    assert "Decision cut-off dates" not in html_of(assemble(june_2020))


def test_a_part_description_runs_on_after_the_summary_with_sub_bullets(june_2020):
    item = june_2020.scope_items.get(modification__reference="SECMP0062")
    item.update(description="The first part is in this release.\n  - the throttling mechanism")

    row = next(r for r in assemble(june_2020)["scope"]["targeted"] if r["modification"] == "SECMP0062")

    assert row["description"].endswith(
        "single Device. SECMP0062 is being implemented in two parts, with the first "
        "part of the solution, the mechanism for throttling Alerts, being implemented "
        "in this release. The first part is in this release."
    )
    assert row["description_points"] == [{"style": "sub_bullet", "level": 2, "text": "the throttling mechanism"}]


def test_an_old_snapshot_without_narrative_stays_readable(june_2020, baseline_1_1):
    old = copy.deepcopy(baseline_1_1.snapshot)
    old["schema"] = 1
    for key in ("narrative",):
        old.pop(key)
    for row in old["scope"]["approved"] + old["scope"]["targeted"]:
        row.pop("description"), row.pop("description_points")
    for cr in old["scope"]["change_requests"]:
        cr.pop("description_points")
    stored = copy.deepcopy(old)

    upgraded = readable(old)

    assert old == stored  # read, never rewritten
    assert upgraded["scope"]["approved"][0]["description"].startswith("will reduce the Target Response Times")
    assert "will reduce the Target Response Times" in html_of(old)
    Document(io.BytesIO(render_docx(old)))


def docx_url(release, version="1.1"):
    return f"/api/v1/releases/{release.slug}/rids/{version}/docx/"


def test_every_role_downloads_a_baseline_as_docx_from_the_api(api_as, june_2020, baseline_1_1, panel_user, dcc_user):
    for user in (panel_user, dcc_user):
        response = api_as(user).get(docx_url(june_2020))
        assert response.status_code == 200
        assert response["Content-Type"] == DOCX_CONTENT_TYPE
        assert 'filename="june-2020-rid-v1.1.docx"' in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "SECMP0053" in text and "£1,120,042" in text


def test_the_docx_needs_a_role_and_a_baseline_with_a_snapshot(api_as, june_2020, baseline_1_1, outsider):
    assert api_as(None).get(docx_url(june_2020)).status_code == 401
    assert api_as(outsider).get(docx_url(june_2020)).status_code == 403
    secas = api_as(baseline_1_1.created_by)
    assert secas.get(docx_url(june_2020, "1.0")).status_code == 404  # transcribed, no snapshot
    assert secas.get(docx_url(june_2020, "9.9")).status_code == 404


def test_the_schema_documents_the_docx_download(api_as, secas_user):
    schema = api_as(secas_user).get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/releases/{slug}/rids/{version}/docx/"]["get"]
    assert DOCX_CONTENT_TYPE in operation["responses"]["200"]["content"]


def test_the_rid_pages_link_to_the_docx_and_the_browser_downloads_it(client, june_2020, baseline_1_1, panel_user):
    client.force_login(panel_user)
    docx = reverse("releases:rid-docx", kwargs={"slug": june_2020.slug, "version": "1.1"})
    draft = reverse("releases:rid-preview-docx", kwargs={"slug": june_2020.slug})

    page = client.get(reverse("releases:rid", kwargs={"slug": june_2020.slug})).content.decode()
    version = client.get(reverse("releases:rid-version", kwargs={"slug": june_2020.slug, "version": "1.1"}))

    assert docx in page and draft in page and docx in version.content.decode()
    for url in (docx, draft):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == DOCX_CONTENT_TYPE
    assert (
        client.get(reverse("releases:rid-docx", kwargs={"slug": june_2020.slug, "version": "1.0"})).status_code == 404
    )
