"""The papers generated from the demo say what the real papers say: SECP_74_1511_22 (approval to implement the
November 2019 SEC Release) and OPSG_33_0206_15 (SEC Releases update, 26 May 2020), read back from the DOCX
(python-docx) and the PDF (pypdf) as a reader would."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from releases.demo.may2020 import DRAFT_TO_PANEL, REPORT_TO_PANEL, SELF_GOVERNANCE_VOTE, WITH_AUTHORITY
from releases.demo.nov2019 import (
    CRITERIA_NOV_2019,
    MITIGATIONS,
    OPSG_VIEWS,
    RESIDUAL_RISK,
    SUB_COMMITTEES_VIEWS,
    TAG_VIEWS,
)
from releases.models import PaperHeader, Release
from releases.papers.assemble import assemble
from releases.papers.docx import render_docx
from releases.papers.pdf import render_pdf

NOV_2019_DAY = datetime.date(2019, 11, 8)
MAY_2020_DAY = datetime.date(2020, 5, 26)

# OPSG_33_0206_15 section 2.1, row by row: the modification as listed, and its "Current status".
MAY_2020_SCOPE = [
    (
        "SECMP0062 ‘Northbound Application Traffic Management – Alert Storm Protection’ part 2",
        "Approved for inclusion.",
    ),
    ("MP080 ‘Managing DUIS uplifts’", SELF_GOVERNANCE_VOTE.format("27 May 2020")),
    ("MP081 ‘Alignment of DUIS and CHISM to reflect current DCC Processing’", "Approved for inclusion."),
    ("MP084 ‘Other User Panel Seating Amendment’", WITH_AUTHORITY.format(ref="MP084", verdict="rejected")),
    ("MP088 ‘Power to raise modifications’", WITH_AUTHORITY.format(ref="MP088", verdict="approved")),
    ("MP093 ‘Implementing IRP511 and CRP535 to support GBCS v3.2 devices’", "Approved for inclusion."),
    (
        "MP098 ‘Incorporation of multiple Issue Resolution Proposals into the SEC - Batch 3’",
        SELF_GOVERNANCE_VOTE.format("24 June 2020"),
    ),  # noqa: E501
    ("MP101 ‘Large Gas Meter Displays’", SELF_GOVERNANCE_VOTE.format("24 June 2020")),
    ("MP102A ‘Power Outage Alerts triggered by an OTA firmware upgrade’", REPORT_TO_PANEL),
    ("MP103 ‘DCC SOC2 Assessments’", REPORT_TO_PANEL),
    ("MP110 ‘Aligning SEC Appendix D with DCC Processes’", SELF_GOVERNANCE_VOTE.format("24 June 2020")),
    ("MP112 ‘Setting the Privacy Assessment Assurance Status’", "Approved for inclusion"),
    ("MP115 ‘Changes to the NCSC Good Practice Guides’", SELF_GOVERNANCE_VOTE.format("27 May 2020")),
    ("MP118 ‘Communications Hub Finance Charges’", REPORT_TO_PANEL),
    ("MP120 ‘Correcting DUIS Matrix for SRV7.7 Eligible Users’", "Approved for inclusion"),
    ("DP124 ‘Consequential changes to DUIS for SMETS1 Alerts’", DRAFT_TO_PANEL),
    ("DP127 ‘SMKI RAPP Security Screening clarification’", DRAFT_TO_PANEL),
]
MAY_2020_CHANGE_REQUESTS = [
    "CR1145 ‘Auxiliary Proportional Load Control’",
    "CR1233 ‘IRP554 Future Date Command Handling’",
    "CR1254 ‘CSP Testing to Support Proportional Load Control’",
    "CR1277 ‘Install Code validation reinstatement’",
    "CR1290 ‘Re-Scaling of Gas Flow Rate in SRV 6.7 to match SMETS2’",
    "CRTBC ‘Organisation Certificates – XML signing’",
]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def docx_paragraphs(content: bytes) -> list[str]:
    document = Document(io.BytesIO(content))
    return [flat(p.text) for p in document.paragraphs if p.text.strip()]


def docx_tables(content: bytes) -> list[list[list[str]]]:
    document = Document(io.BytesIO(content))
    return [[[flat(cell.text) for cell in row.cells] for row in table.rows] for table in document.tables]


def pdf_text(content: bytes) -> str:
    raw = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    # A line broken after a hyphen ("Go-" / "Live") reads as the one word it is.
    return flat(re.sub(r"-\n", "-", raw))


def paper(slug: str, kind: str, day: datetime.date) -> dict:
    return assemble(Release.objects.get(slug=slug), kind, day)


@pytest.fixture(scope="module")
def approval_files(demo, django_db_blocker):
    with django_db_blocker.unblock():
        generated = paper("november-2019", "approval-to-implement", NOV_2019_DAY)
        return render_docx(generated), render_pdf(generated)


@pytest.fixture(scope="module")
def update_files(demo, django_db_blocker):
    with django_db_blocker.unblock():
        generated = paper("november-2020", "releases-update", MAY_2020_DAY)
        return render_docx(generated), render_pdf(generated)


# -- the approval to implement the November 2019 SEC Release ---------------------------------------


def test_the_approval_paper_in_word_carries_the_header_and_the_seven_acceptance_criteria(approval_files):
    paragraphs = docx_paragraphs(approval_files[0])
    assert paragraphs[0] == "Approval to implement the November 2019 SEC Release"
    assert "Paper Reference: SECP_74_1511_22" in paragraphs
    assert "Action: For Decision" in paragraphs
    start = paragraphs.index("2. Acceptance criteria")
    assert paragraphs[start + 2 : start + 9] == [flat(c) for c in CRITERIA_NOV_2019]
    assert paragraphs[-3:] == ["David Kemp, Robin Healey and Tim Hall", "SECAS Team", "8 November 2019"]


def test_the_approval_paper_in_word_carries_the_opsgs_and_the_tags_views_as_the_paper_words_them(approval_files):
    paragraphs = docx_paragraphs(approval_files[0])
    for heading, views in (("3. Views of the OPSG", OPSG_VIEWS), ("4. Views of the TAG", TAG_VIEWS)):
        start = paragraphs.index(heading) + 1
        lines = [flat(line.removeprefix("- ")) for line in views.splitlines()]
        assert paragraphs[start : start + len(lines)] == lines


def test_the_approval_paper_in_word_sets_the_residual_risk_beside_its_three_mitigations_and_the_views(approval_files):
    paragraphs = docx_paragraphs(approval_files[0])
    assert "The Sub-Committees noted that the DCC has set out one remaining residual risk." in " ".join(paragraphs)
    (risks,) = [t for t in docx_tables(approval_files[0]) if t[0][0] == "Residual risk"]
    assert risks[0] == ["Residual risk", "DCC’s proposed approach", "Sub-Committees’ views"]
    assert risks[1][0] == RESIDUAL_RISK
    assert risks[1][1] == flat(" ".join(MITIGATIONS))
    assert risks[1][2] == SUB_COMMITTEES_VIEWS
    assert "AGREE that the November 2019 SEC Release can be set live on 29 November 2019." in paragraphs


def test_the_approval_paper_as_pdf_reads_the_same(approval_files):
    text = pdf_text(approval_files[1])
    assert "SECP_74_1511_22" in text and "For Decision" in text
    for criterion in CRITERIA_NOV_2019:
        assert flat(criterion) in text
    for line in [*OPSG_VIEWS.splitlines(), *TAG_VIEWS.splitlines()]:
        assert flat(line.removeprefix("- ")) in text
    for mitigation in MITIGATIONS:
        assert flat(mitigation) in text
    assert RESIDUAL_RISK in text and SUB_COMMITTEES_VIEWS in text


# -- the SEC Releases update as at 26 May 2020 -----------------------------------------------------


def test_the_may_2020_update_lists_the_seventeen_modifications_in_scope_with_their_current_status(update_files):
    (scope,) = [t for t in docx_tables(update_files[0]) if t[0][0] == "Modification" and "Current status" in t[0]]
    assert scope[0] == ["Modification", "Impacts DCC Systems?", "Current status"]
    assert [(row[0], row[2]) for row in scope[1:]] == MAY_2020_SCOPE
    ticked = [row[0].split()[0] for row in scope[1:] if row[1] == "✓"]
    assert ticked == ["SECMP0062", "MP093"]


def test_the_may_2020_update_gives_mp084_and_mp088_their_22_october_2020_cut_off(update_files):
    (scope,) = [t for t in docx_tables(update_files[0]) if "Current status" in t[0]]
    for row in scope[1:]:
        with_authority = row[0].startswith(("MP084", "MP088"))
        assert ("It will be included in this release if approved by 22 October 2020." in row[2]) == with_authority


def test_the_may_2020_update_lists_the_change_requests_the_opsg_paper_lists_and_none_added_later(update_files):
    paragraphs = docx_paragraphs(update_files[0])
    start = paragraphs.index(
        "The following DCC Change Requests are also expected to be implemented alongside this SEC Release:"
    )
    assert paragraphs[start + 1 : start + 7] == MAY_2020_CHANGE_REQUESTS
    assert not any("CR1355" in p for p in paragraphs)  # first named in the DCC's slides of 2 June 2020


def test_the_may_2020_update_carries_the_opsg_papers_header_date_change_next_steps_and_2021_table(update_files):
    paragraphs = docx_paragraphs(update_files[0])
    assert "Paper Reference: OPSG_33_0206_15" in paragraphs
    assert "2.2 Request to change the implementation date" in paragraphs
    assert any(p.startswith("The OPSG is currently scheduled to provide its view") for p in paragraphs)
    assert "The OPSG is requested to:" in paragraphs
    assert "PROVIDE any views and comments on the scopes of the SEC Releases in this paper." in paragraphs
    (later,) = [
        t
        for t in docx_tables(update_files[0])
        if "Provisional scope" not in t[0][0] and "Impacts GBCS?" in t[0] and len(t) > 5
    ]  # noqa: E501
    rows = {row[0].split()[0]: row[1:] for row in later[1:]}
    assert rows["SECMP0007"] == ["✓", "✓", "✓"] and rows["MP090"] == ["TBC", "✓", ""]
    (dates,) = [t for t in docx_tables(update_files[0]) if t[0][0] == "Which date"]
    assert dates[1][:3] == ["Implementation (go-live) date", "Not stated", "29 November 2020"]


def test_the_may_2020_update_as_pdf_reads_the_same(update_files):
    text = pdf_text(update_files[1])
    assert "OPSG_33_0206_15" in text
    for modification, status in MAY_2020_SCOPE:
        assert flat(status) in text, modification
        assert modification.split()[0] in text
    assert text.count("if approved by 22 October 2020") == 2


def test_the_update_as_at_april_2020_reads_the_april_header_not_mays(demo_db):
    april = paper("november-2020", "releases-update", datetime.date(2020, 4, 8))
    assert april["header"]["reference"] == "" and april["header"]["action"] == "For Information"
    assert april["header"]["recommendations"] == ["NOTE the contents of this paper."]
    may = paper("november-2020", "releases-update", MAY_2020_DAY)
    assert may["header"]["reference"] == "OPSG_33_0206_15" and may["header"]["body_short"] == "OPSG"


def test_every_header_and_text_the_demo_adds_cites_its_paper(demo_db):
    from releases.models import Narrative

    headers = PaperHeader.objects.all()
    assert {h.release.slug for h in headers} == {"november-2019", "june-2020", "november-2020"}
    assert all(h.source for h in headers)
    papers = ("SECP_74_1511_22", "SECP_76_1701_23", "OPSG_33_0206_15", "Panel SEC Releases update", "DCC November")
    assert all(n.source.startswith(papers) for n in Narrative.objects.exclude(document="rid"))


# -- the pages and the API on the demo -------------------------------------------------------------


def test_the_papers_tab_shows_the_may_update_to_the_panel_with_downloads_and_no_edit_links(client):
    client.force_login(Release.objects.model._meta.apps.get_model("releases", "User").objects.get(username="panel"))
    url = reverse("releases:papers", kwargs={"slug": "november-2020"})
    html = flat(client.get(url, {"kind": "releases-update", "as_at": "2020-05-26"}).content.decode())
    assert "OPSG_33_0206_15" in html and "MP084 ‘Other User Panel Seating Amendment’" in html
    assert "Download as Word (DOCX)" in html and "Download as PDF" in html
    assert "Edit the" not in html


def test_the_papers_tab_loads_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    from releases.models import User

    client.force_login(User.objects.get(username="secas"))
    url = reverse("releases:papers", kwargs={"slug": "november-2020"})
    with django_assert_max_num_queries(40):
        response = client.get(url, {"kind": "releases-update", "as_at": "2020-05-26"})
    assert response.status_code == 200


def test_the_api_returns_the_approval_paper_as_docx_and_as_pdf(api_as):
    from releases.models import User

    client = api_as(User.objects.get(username="dcc"))
    url = "/api/v1/releases/november-2019/papers/approval-to-implement/"
    docx = client.get(url, {"as_at": "2019-11-08", "format": "docx"})
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Paper Reference: SECP_74_1511_22" in docx_paragraphs(docx.content)
    pdf = client.get(url, {"as_at": "2019-11-08", "format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert RESIDUAL_RISK in pdf_text(pdf.content)


def test_the_papers_history_shows_the_header_moving_from_aprils_paper_to_mays(client):
    from releases.models import User

    client.force_login(User.objects.get(username="panel"))
    url = reverse("releases:paper-history", kwargs={"slug": "november-2020", "kind": "releases-update"})
    with_queries = client.get(url)
    html = flat(with_queries.content.decode())
    assert with_queries.status_code == 200
    assert "OPSG_33_0206_15" in html and "Panel SEC Releases update of 8 April 2020" in html
    assert "Text of “Next steps”" in html


def test_the_june_2020_update_as_at_10_january_2020_is_the_january_papers(demo_db):
    """SECP_76_1701_23: its reference, action, purpose and four recommendations."""
    january = paper("june-2020", "releases-update", datetime.date(2020, 1, 10))
    assert january["header"]["reference"] == "SECP_76_1701_23" and january["header"]["action"] == "For Decision"
    purpose = january["sections"][0]["parts"][0]
    assert purpose["blocks"][0]["text"].startswith("This paper provides an update on the scope of the SEC Releases")
    assert purpose["source"] == "SECP_76_1701_23, section 1"
    assert [line.split()[0] for line in january["header"]["recommendations"]] == ["AGREE", "BASELINE", "AGREE", "AGREE"]
