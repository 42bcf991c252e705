"""The June 2020 RID v1.1 regenerated from the demo reads like the paper's (Appendix A of SECP_76_1701_23).

The PDF is read back with pypdf and the DOCX with python-docx; both come from the baseline's frozen snapshot.
"""

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from releases.models import RidVersion
from releases.rid.docx import render_docx
from releases.rid.render import render_pdf

from .june_2020_rid_v1_1_text import CONTRADICTIONS, SENTENCES

QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "−": "-"})


def normalised(text: str) -> str:
    """Quotes, dashes and whitespace aside: the words and their punctuation, in order."""
    return re.sub(r"\s+", "", text.translate(QUOTES))


RENDERED: dict[str, object] = {}  # rendered once per run: the snapshot is frozen


@pytest.fixture
def snapshot():
    return RidVersion.objects.get(release__slug="june-2020", version="1.1").snapshot


@pytest.fixture
def pdf_text(snapshot) -> str:
    if "pdf" not in RENDERED:
        reader = PdfReader(io.BytesIO(render_pdf(snapshot)))
        RENDERED["pdf"] = "\n".join(page.extract_text() for page in reader.pages)
    return RENDERED["pdf"]


@pytest.fixture
def docx(snapshot):
    if "docx" not in RENDERED:
        RENDERED["docx"] = render_docx(snapshot)
    return Document(io.BytesIO(RENDERED["docx"]))


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs + section.footer.paragraphs)
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def missing(sentences, text: str) -> list[str]:
    haystack = normalised(text)
    return [sentence for sentence in sentences if normalised(sentence) not in haystack]


def test_the_pdf_contains_every_sentence_of_the_papers_rid(pdf_text):
    assert len(SENTENCES) == 215
    assert missing(SENTENCES, pdf_text) == []


def test_the_pdf_says_nothing_that_contradicts_the_paper(pdf_text):
    text = normalised(pdf_text)
    assert [phrase for phrase in CONTRADICTIONS if normalised(phrase) in text] == []
    # "the first part" is SECMP0062 part 1's, said once, of part 1.
    assert text.count(normalised("with the first part of the solution")) == 1


def test_the_pdf_marks_what_the_product_adds(pdf_text):
    """The totals and the difference serve the reader: kept, and labelled as the system's, not the paper's."""
    text = normalised(pdf_text)
    assert normalised("Total (calculated)") in text
    assert normalised("SEC Releases note: the breakdown adds up to £1,180,042") in text


def test_the_docx_contains_every_sentence_of_the_papers_rid(docx):
    assert missing(SENTENCES, docx_text(docx)) == []
    text = normalised(docx_text(docx))
    assert [phrase for phrase in CONTRADICTIONS if normalised(phrase) in text] == []


def test_the_docx_sets_headings_bullets_sub_bullets_and_tables_as_the_paper(docx):
    styles = {p.text: p.style.name for p in docx.paragraphs if p.text}
    assert styles["1. Scope"] == "Heading 1" and styles["Targeted Modification Proposals"] == "Heading 2"
    assert styles["The Alternative Solution is to create a new seat on the Panel specifically for Other Users."] == (
        "List Bullet 2"
    )
    annex = next(text for text in styles if text.startswith("Annex A will contain"))
    assert styles[annex] == "List Bullet"
    captions = [table.rows[0].cells[0].text for table in docx.tables]
    # participant matrix, SEC Party and DCC impacts, document matrix, timetable, costs, versions, glossary
    assert captions == [
        "Modification",
        "Participant",
        "Area impacted",
        "Document",
        "Date",
        "Modification",
        "Version",
        "Acronym",
    ]
    assert docx.core_properties.created.date().isoformat() == "2020-01-10"
    assert "Page" in docx.sections[0].header.paragraphs[0].text


def test_the_snapshot_keeps_the_narrative_and_the_locks_as_recorded(snapshot):
    """The baseline freezes the release's own paragraphs with their source, so later edits never change them."""
    assert snapshot["schema"] == 2
    assert set(snapshot["narrative"]) == {"about", "scope", "timeline", "costs_dcc", "costs_secas"}
    assert (
        snapshot["narrative"]["scope"]["source"]
        == "SECP_76_1701_23, RID v1.1, section 1 (Targeted Modification Proposals)"
    )
    release = snapshot["cover"]["release"]
    assert (release["implementation_date"], release["system_scope_lock_recorded"]) == ("2020-06-25", True)
