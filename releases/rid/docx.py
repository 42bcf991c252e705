"""The RID as a Word document (python-docx), built from the same snapshot dict as the HTML and the PDF.

It follows the paper's layout: a cover, "About this document" with its contents, the numbered sections
with their tables and bullets, the two appendices; Word's own styles (Heading 1-3, List Bullet,
List Bullet 2, List Number, Table Grid), so SECAS can carry on editing it as they do today.
"""

import datetime
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..templatetags.rid_tags import document_table, pounds, rid_long_date, rid_short_date
from .schema import readable

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ADDED_COLOUR = RGBColor(0x3D, 0x44, 0x4D)
ADDED_LABEL = "SEC Releases note: "
TEXT_WIDTH_MM = 174  # A4 less 18 mm margins
LIST_STYLES = {"bullet": "List Bullet", "sub_bullet": "List Bullet 2", "numbered": "List Number"}


def render_docx(snapshot: dict) -> bytes:
    rid = readable(snapshot)
    builder = RidDocx(rid)
    builder.build()
    out = io.BytesIO()
    builder.document.save(out)
    return out.getvalue()


class RidDocx:
    def __init__(self, rid: dict):
        self.rid = rid
        self.release = rid["cover"]["release"]
        self.version = rid["cover"].get("version")
        self.document = Document()

    # -- building blocks -----------------------------------------------------------------------

    def heading(self, text: str, level: int = 1):
        return self.document.add_heading(text, level=level)

    def paragraph(self, text: str = "", style: str | None = None):
        return self.document.add_paragraph(text, style=style)

    def added(self, text: str):
        """A note the product adds from the data, set apart from the document's own words."""
        paragraph = self.document.add_paragraph()
        label = paragraph.add_run(ADDED_LABEL)
        label.bold = True
        run = paragraph.add_run(text)
        run.italic = True
        for r in (label, run):
            r.font.color.rgb = ADDED_COLOUR
        return paragraph

    def bullet(self, text: str, level: int = 1, lead: str = ""):
        paragraph = self.paragraph(style="List Bullet" if level == 1 else "List Bullet 2")
        if lead:
            paragraph.add_run(lead).bold = True
        paragraph.add_run(text)
        return paragraph

    def blocks(self, blocks: list[dict]):
        """Narrative blocks as the paper sets them: sub-headings, paragraphs, bullets and sub-bullets."""
        for row in blocks or []:
            style = row.get("style")
            if style == "heading":
                self.heading(row["text"], level=3)
            elif style == "numbered":
                self.paragraph(f"{row.get('number')}. {row['text']}" if row.get("number") else row["text"])
            elif style in LIST_STYLES:
                self.paragraph(row["text"], style=LIST_STYLES[style])
            else:
                self.paragraph(row["text"])

    def narrative(self, section: str):
        self.blocks((self.rid.get("narrative") or {}).get(section, {}).get("blocks"))

    def text_blocks(self, text: str):
        from ..models.narrative import parse_blocks

        self.blocks(parse_blocks(text or ""))

    def table(
        self,
        caption: str,
        header: list[str],
        rows: list[list[str]],
        *,
        added_columns=(),
        added_rows=(),
        widths: tuple[int, ...] = (),
        right_aligned=(),
    ):
        """A captioned grid; `widths` in millimetres (the last column takes the rest of the 174 mm line)."""
        caption_paragraph = self.paragraph(caption)
        caption_paragraph.runs[0].bold = True
        caption_paragraph.paragraph_format.keep_with_next = True
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        repeat_header(table.rows[0])
        for index, values in enumerate(rows):
            cells = table.add_row().cells
            for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
                lines = value if isinstance(value, list) else [value]
                cell.text = ""
                for number, line in enumerate(lines):
                    paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
                    if isinstance(value, list):
                        paragraph.style = self.document.styles["List Bullet"]
                    run = paragraph.add_run(line or "")
                    if column in right_aligned:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    if column in added_columns or index in added_rows:
                        run.italic = True
                        run.font.color.rgb = ADDED_COLOUR
        if widths:
            table.autofit = False
            sizes = [*widths, max(TEXT_WIDTH_MM - sum(widths), 20)]
            if len(sizes) < len(header):  # the first columns given, the others share what is left
                rest = (TEXT_WIDTH_MM - sum(widths)) / (len(header) - len(widths))
                sizes = [*widths, *([rest] * (len(header) - len(widths)))]
            for column, size in zip(table.columns, sizes, strict=False):
                column.width = Mm(size)  # the grid, which LibreOffice reads
            for row in table.rows:
                for cell, size in zip(row.cells, sizes, strict=False):
                    cell.width = Mm(size)  # each cell, which Word reads
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
        self.paragraph()
        return table

    # -- the document --------------------------------------------------------------------------

    def build(self):
        self.page_setup()
        self.properties()
        self.cover()
        self.about()
        self.scope()
        self.impacts()
        self.timeline()
        self.test_strategy()
        self.costs()
        self.criteria()
        self.version_control()
        self.glossary()

    def page_setup(self):
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin, section.bottom_margin = Mm(24), Mm(22)
        section.different_first_page_header_footer = True
        paper = self.version.get("paper") if self.version else ""
        title = f"{paper} – " if paper else ""
        header = section.header.paragraphs[0]
        header.text = f"{title}{self.release['name']} Implementation Document\t"
        add_page_x_of_y(header)
        footer = section.footer.paragraphs[0]
        footer.text = f"This document has a Classification of {self.rid['cover']['classification']}"
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.document.styles["Normal"].font.name = "Arial"
        self.document.styles["Normal"].font.size = Pt(10)

    def properties(self):
        properties = self.document.core_properties
        properties.title = f"{self.release['name']} Implementation Document"
        properties.subject = self.rid["title"]
        properties.author = "SECAS"
        properties.last_modified_by = "SECAS"
        properties.revision = 1
        properties.version = self.version["version"] if self.version else "draft"
        # A baseline's document carries the baseline's date, not the moment it was downloaded.
        dated = self.version and (self.version.get("dated") or self.version.get("baselined_on"))
        if dated:
            moment = datetime.datetime.combine(datetime.date.fromisoformat(dated), datetime.time(9, 0))
            properties.created = properties.modified = moment

    def cover(self):
        self.paragraph("Smart Energy Code")
        self.document.add_heading(self.rid["title"], level=0)
        self.paragraph(f"Version {self.version['version']}" if self.version else "Draft (not baselined)")
        self.paragraph(self.release["name"])
        go_live = rid_long_date(self.release.get("implementation_date")) or "Not yet set"
        self.paragraph(f"Implementation date: {go_live}")
        if self.version:
            self.paragraph(f"Version date: {rid_long_date(self.version.get('dated')) or 'Not stated'}")
            baselined = rid_long_date(self.version.get("baselined_on"))
            paper = f" ({self.version['paper']})" if self.version.get("paper") else ""
            self.paragraph(f"Baselined by the Panel: {baselined}{paper}")
        self.paragraph(f"Classification: {self.rid['cover']['classification']}")
        self.page_break()

    def page_break(self):
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def about(self):
        self.heading("About this document", 1)
        if self.release.get("summary"):
            self.text_blocks(self.release["summary"])
        else:
            due = self.release.get("implementation_date")
            when = f", due to be implemented on {rid_long_date(due)}" if due else ""
            self.paragraph(
                f"This document is the Smart Energy Code (SEC) Release Implementation Document (RID) for the "
                f"{self.release['name']}{when}. It summarises the scope of the release, the impacts it will have, the "
                "timeline and testing strategy, the central costs that will be incurred, and the acceptance criteria "
                "for this release."
            )
            self.paragraph("This document will be updated periodically as the release develops.")
        self.heading("Contents", 3)
        for section in self.rid["sections"]:
            self.paragraph(section["title"])
        self.narrative("about")
        if self.release.get("web_page"):
            self.paragraph(f"Release web page: {self.release['web_page']}")
        self.added(
            "notes set like this one, and totals marked “calculated”, are added by the SEC Releases system from the "
            "release’s data; they are not part of the document as SECAS wrote it."
        )
        self.page_break()

    def scope_item(self, item: dict):
        paragraph = self.bullet("", lead=item["modification"])
        paragraph.add_run(f" ‘{item['title']}’")
        if item.get("description"):
            paragraph.add_run(f" {item['description']}")
        if item.get("part"):
            run = paragraph.add_run(f" ({item['part']})")
            run.font.color.rgb = ADDED_COLOUR
        if item.get("is_exception"):
            approved = item.get("exception_approved_on")
            state = (
                f"approved by the Panel on {rid_long_date(approved)}"
                + (f" ({item['exception_paper']})" if item.get("exception_paper") else "")
                if approved
                else "awaiting Panel approval"
            )
            paragraph.add_run(f" Added as an exception after the scope lock; {state}.").italic = True
        for point in item.get("description_points") or []:
            self.bullet(point["text"], level=2)

    def scope(self):
        scope = self.rid["scope"]
        self.heading("1. Scope", 1)
        self.heading("Approved Modification Proposals", 2)
        approved = scope["approved"]
        if approved:
            count = len(approved)
            self.paragraph(
                f"{number_word(count)} Modification Proposal{' has' if count == 1 else 's have'} been approved for "
                "inclusion in this release:"
            )
            for item in approved:
                self.scope_item(item)
        else:
            self.paragraph("No Modification Proposals have yet been approved for inclusion in this release.")
        self.heading("Targeted Modification Proposals", 2)
        targeted = scope["targeted"]
        if targeted:
            self.paragraph(
                "The following Modification Proposals will be included in this release if a decision to approve is "
                "received by the respective cut-off dates:"
            )
            for item in targeted:
                self.scope_item(item)
            cut_offs = [item for item in targeted if item.get("cut_off_date")]
            if cut_offs:
                self.table(
                    "Decision cut-off dates",
                    ["Modification", "Cut-off date", "Fall-back release", "Current status"],
                    [
                        [
                            item["key"],
                            rid_long_date(item["cut_off_date"]),
                            item.get("fall_back_release") or "The next viable release",
                            item.get("status_note") or "",
                        ]
                        for item in cut_offs
                    ],
                )
        else:
            self.paragraph("No further Modification Proposals are targeted for this release.")
        self.narrative("scope")
        self.heading("DCC Change Requests", 2)
        crs = scope["change_requests"]
        if crs:
            verb = "Request is" if len(crs) == 1 else "Requests are"
            self.paragraph(
                f"The following DCC Change {verb} being targeted for implementation alongside this SEC Release:"
            )
            for cr in crs:
                paragraph = self.bullet("", lead=cr["number"])
                if cr.get("title"):
                    paragraph.add_run(f" ‘{cr['title']}’")
                if cr.get("description"):
                    paragraph.add_run(f" {cr['description']}")
                if cr.get("modification"):
                    part = f" {cr['modification_part']}" if cr.get("modification_part") else ""
                    paragraph.add_run(f" (delivers {cr['modification']}{part})").font.color.rgb = ADDED_COLOUR
                for point in cr.get("description_points") or []:
                    self.bullet(point["text"], level=2)
        else:
            self.paragraph("No DCC Change Requests are targeted for implementation alongside this SEC Release.")
        self.narrative("change_requests")
        self.paragraph(
            "DCC Change Requests do not form part of a SEC Release, and so this RID does not cover the details of the "
            "impacts these will have."
        )
        self.page_break()

    def impacts(self):
        impacts = self.rid["impacts"]
        self.heading("2. Impacts", 1)
        self.paragraph(
            "This section lists the impacts that the changes included in this SEC Release will have on participants "
            "and their systems, SEC documents and other industry codes. This section assumes all targeted "
            "modifications will be approved for inclusion in this release."
        )
        self.heading("SEC Party and DCC impacts", 2)
        if impacts["participant_matrix"]:
            self.table(
                "Participant impact matrix",
                ["Modification", *impacts["participant_columns"]],
                [
                    [row["modification"], *("✓" if m else "" for m in row["marks"])]
                    for row in impacts["participant_matrix"]
                ],
                widths=(26,),
            )
        else:
            self.paragraph("No modifications are in the scope of this release yet.")
        self.paragraph(
            "The impacts on the different participants are summarised below. The business requirements for each "
            "Modification Proposal are annexed to the Modification Reports for each modification, which are "
            "available on the corresponding modifications’ webpages."
        )
        rows = [[row["participant"], row["points"]] for row in impacts["sec_party_impacts"]]
        self.table(
            "SEC Party impacts", ["Participant", "Summary of impacts"], rows or [["", "None stated."]], widths=(50,)
        )
        rows = [[row["area"], row["points"]] for row in impacts["dcc_impacts"]]
        self.table("DCC impacts", ["Area impacted", "Summary of impacts"], rows or [["", "None stated."]], widths=(50,))
        self.heading("SEC document impacts", 2)
        if impacts.get("documents"):
            self.paragraph("The following documents will be updated in this release:")
            for document in impacts["documents"]:
                title = f" ‘{document['title']}’" if document.get("title") else ""
                self.bullet(f"{document['code']}{title}")
            self.paragraph("Each of these documents is impacted by the following modification(s):")
            matrix = document_table(impacts)
            self.table(
                "SEC document impact matrix",
                [matrix["corner"], *matrix["columns"]],
                [[row["label"], *("✓" if m else "" for m in row["marks"])] for row in matrix["rows"]],
                widths=(26,),
            )
            self.paragraph(
                "The approved changes to each document are annexed to the Modification Reports for each "
                "modification, which are available on the corresponding modifications’ webpages."
            )
        else:
            self.paragraph("No SEC document impacts have been stated yet.")
        self.narrative("impacts")
        self.heading("Other Code impacts", 2)
        if impacts.get("other_code_impacts"):
            self.text_blocks(impacts["other_code_impacts"])
        else:
            self.paragraph("Not stated.")
        self.page_break()

    def timeline(self):
        self.heading("3. Implementation timeline", 1)
        self.paragraph("This section lists the planned timeline for the implementation of this release.")
        self.narrative("timeline")
        rows = [[rid_short_date(row["date"]), row["event"], row["notes"]] for row in self.rid["timetable"]]
        self.table(
            "Release implementation timetable",
            ["Date", "Event", "Notes"],
            rows or [["", "Not set yet.", ""]],
            widths=(22, 70),
        )
        self.page_break()

    def test_strategy(self):
        self.heading("4. Test strategy", 1)
        self.paragraph(
            "This section covers the testing approach that will be taken by the DCC as part of the implementation of "
            "this release."
        )
        if self.rid.get("test_strategy"):
            self.text_blocks(self.rid["test_strategy"])
        elif not (self.rid.get("narrative") or {}).get("test_strategy"):
            self.paragraph("Not stated.")
        self.narrative("test_strategy")
        self.page_break()

    def costs(self):
        costs = self.rid["costs"]
        self.heading("5. Costs", 1)
        self.paragraph(
            "This section summarises the costs that will be incurred by the DCC and the Smart Energy Code "
            "Administrator and Secretariat (SECAS) in implementing this release."
        )
        self.heading("DCC costs", 2)
        if costs.get("dcc_quoted_total"):
            self.paragraph(
                f"The total DCC implementation costs of this release are currently quoted as "
                f"{pounds(costs['dcc_quoted_total'])}."
            )
        else:
            self.paragraph("The DCC has not yet quoted a total implementation cost for this release.")
        if costs["breakdown"]:
            self.paragraph(
                "The DCC has provided the following cost breakdown for each DCC System impacting modification in "
                "this release:"
            )
            rows = [
                [line["modification"], *(pounds(a) or "–" for a in line["phases"]), pounds(line["total"])]
                for line in costs["breakdown"]
            ]
            rows.append(
                ["Total (calculated)", *(pounds(a) for a in costs["phase_totals"]), pounds(costs["breakdown_total"])]
            )
            self.table(
                "Breakdown of DCC implementation costs",
                ["Modification", *costs["phases"], "Total (calculated)"],
                rows,
                added_columns=(len(costs["phases"]) + 1,),
                added_rows=(len(rows) - 1,),
                right_aligned=tuple(range(1, len(costs["phases"]) + 2)),
            )
        if costs.get("operational_cost_impact"):
            self.text_blocks(costs["operational_cost_impact"])
        else:
            self.paragraph("No operational cost impact has been stated.")
        self.narrative("costs_dcc")
        if costs["breakdown"] and costs.get("difference"):
            difference = costs["difference"]
            more = "more" if difference.startswith("-") else "less"
            self.added(
                f"the breakdown adds up to {pounds(costs['breakdown_total'])}, which is "
                f"{pounds(difference.lstrip('-'))} {more} than the quoted total of {pounds(costs['dcc_quoted_total'])} "
                f"(quoted total minus breakdown: {pounds(difference)}). Both are shown as the DCC provided them."
            )
        self.heading("SECAS costs", 2)
        if costs["secas"]:
            self.paragraph(" ".join(secas_sentence(cost) for cost in costs["secas"]))
        elif not (self.rid.get("narrative") or {}).get("costs_secas"):
            self.paragraph("No SECAS costs have been stated.")
        self.narrative("costs_secas")
        self.page_break()

    def criteria(self):
        self.heading("6. Acceptance criteria", 1)
        self.paragraph("The following criteria will need to be met before the release can go live.")
        self.paragraph(
            "Prior to go-live, the Operations Group and the TAG will review the status of the release against these "
            "criteria. They will provide a recommendation to the Panel on whether to implement the release as "
            "planned. The Panel will review these recommendations and will determine then if the release should or "
            "shouldn’t be implemented as planned."
        )
        for group in self.rid["criteria"]:
            self.heading(group["heading"], 2)
            for criterion in group["criteria"]:
                self.paragraph(f"{criterion['number']}. {criterion['text']}")
        if not self.rid["criteria"]:
            self.paragraph("No acceptance criteria have been set for this release yet.")
        self.narrative("criteria")
        self.page_break()

    def version_control(self):
        self.heading("Appendix 1: Version control", 1)
        rows = []
        for row in self.rid["versions"]:
            baselined = rid_short_date(row.get("baselined_on"))
            if baselined and row.get("paper"):
                baselined += f" ({row['paper']})"
            rows.append([row["version"], rid_short_date(row.get("dated")), row["changes"], baselined])
        self.table(
            "Document history",
            ["Version", "Date", "Changes", "Baselined"],
            rows or [["", "", "None.", ""]],
            widths=(18, 22, 94),
        )
        self.page_break()

    def glossary(self):
        self.heading("Appendix 2: Glossary", 1)
        self.paragraph(
            "This table lists all the acronyms used in this document and the full term they are an abbreviation for."
        )
        self.table(
            "Glossary",
            ["Acronym", "Full term"],
            [[row["acronym"], row["term"]] for row in self.rid["glossary"]],
            widths=(30,),
        )


def secas_sentence(cost: dict) -> str:
    if cost.get("note"):
        return cost["note"]
    parts = [f"{cost['days'].rstrip('0').rstrip('.')} days" if cost.get("days") else "", pounds(cost.get("amount"))]
    return f"{cost['activity']}: {', '.join(p for p in parts if p)}."


def number_word(count: int) -> str:
    words = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"]
    return words[count] if count < len(words) else str(count)


def repeat_header(row):
    """The table's header row repeats on each page, as in the paper."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def add_page_x_of_y(paragraph):
    """'Page X of Y' with Word's PAGE and NUMPAGES fields."""
    paragraph.add_run("Page ")
    paragraph._p.append(field("PAGE"))
    paragraph.add_run(" of ")
    paragraph._p.append(field("NUMPAGES"))


def field(instruction: str):
    element = OxmlElement("w:fldSimple")
    element.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    element.append(run)
    return element
