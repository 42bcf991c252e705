"""A paper as a Word document, built with the RID's Word builder (its headings, blocks, bullets and tables),
so SECAS finishes it in Word with the same styles as the RID."""

import datetime
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from ..rid.docx import DOCX_CONTENT_TYPE, RidDocx, add_page_x_of_y
from ..templatetags.papers_tags import classification_sentence
from ..templatetags.rid_tags import rid_long_date

__all__ = ["DOCX_CONTENT_TYPE", "render_docx"]


def render_docx(paper: dict) -> bytes:
    builder = PaperDocx(paper)
    builder.build()
    out = io.BytesIO()
    builder.document.save(out)
    return out.getvalue()


class PaperDocx(RidDocx):
    def __init__(self, paper: dict):
        # The RID builder's parts read `self.rid` only for its narrative; a paper brings its own.
        self.paper = paper
        self.header = paper["header"]
        self.rid = {"narrative": {}}
        self.document = Document()

    def build(self):
        self.page_setup()
        self.properties()
        self.head()
        for section in self.paper["sections"]:
            title = (
                f"{section['number']}. {section['title']}"
                if section["level"] == 1
                else f"{section['number']} {section['title']}"
            )
            self.heading(title, section["level"])
            for part in section["parts"]:
                self.part(part)
        self.signature()

    def page_setup(self):
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin, section.bottom_margin = Mm(24), Mm(22)
        reference = f"{self.header['reference']} – " if self.header["reference"] else ""
        running = section.header.paragraphs[0]
        running.text = f"{reference}{self.paper['title']}\t"
        add_page_x_of_y(running)
        footer = section.footer.paragraphs[0]
        footer.text = f"This document has a Classification of {self.header['classification']}"
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.document.styles["Normal"].font.name = "Arial"
        self.document.styles["Normal"].font.size = Pt(10)

    def properties(self):
        properties = self.document.core_properties
        properties.title = self.paper["title"]
        properties.subject = self.paper["release"]["name"]
        properties.author = self.header["authors"] or "SECAS"
        properties.last_modified_by = "SECAS"
        properties.identifier = self.header["reference"]
        moment = datetime.datetime.combine(datetime.date.fromisoformat(self.header["date"]), datetime.time(9, 0))
        properties.created = properties.modified = moment

    def head(self):
        self.document.add_heading(self.paper["title"], level=0)
        for label, value in (
            ("Paper Reference", self.header["reference"] or "Not yet given"),
            ("Action", self.header["action"]),
            ("As at", rid_long_date(self.paper["as_at"])),
        ):
            if not value:  # a paper that prints no action (OPSG_33_0206_15) shows none
                continue
            paragraph = self.paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
        self.paragraph(classification_sentence(self.header["classification"])).runs[0].font.size = Pt(8)

    def part(self, part: dict):
        kind = part["type"]
        if kind in ("narrative", "blocks"):
            self.blocks(part["blocks"])
        elif kind == "bullets":
            if part["lead"]:
                self.paragraph(part["lead"])
            for item in part["items"]:
                self.bullet(item)
        elif kind == "table":
            self.table(part["caption"], part["header"], part["rows"], widths=tuple(part["widths"]))
            for table in self.document.tables[-1:]:
                for row in table.rows[1:]:
                    for column in part["marks"]:
                        for paragraph in row.cells[column].paragraphs:
                            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "note":
            self.paragraph(part["text"]).runs[0].font.size = Pt(8)
        elif kind == "added":
            self.added(part["text"])

    def signature(self):
        signature = self.paper["signature"]
        self.paragraph()
        for line in (signature["authors"], signature["team"], rid_long_date(signature["date"])):
            if line:
                self.paragraph(line)
