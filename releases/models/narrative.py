"""The release's own paragraphs in the documents SECAS writes (the RID, the SEC Releases update, the
approval to implement), set as the papers set them: sub-headings, paragraphs, bullets, sub-bullets and
numbered items. The RID assembler reads them now; the paper generators read the same rows.

The text is written one block a line, so it edits in a plain text box:

    ## A sub-heading
    A paragraph.
    - a bullet
      - a sub-bullet (indented)
    1. a numbered item
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from secreleases.models import Tracked

from ..choices import NARRATIVE_SECTIONS, BlockStyle, DocumentKind

HEADING = re.compile(r"^##\s+(?P<text>.+)$")
BULLET = re.compile(r"^(?P<indent>\s*)[-•▪]\s+(?P<text>.+)$")
NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})\.\s+(?P<text>.+)$")
MARKUP_HELP = (
    "One block a line: '## ' starts a sub-heading, '- ' a bullet, '  - ' (indented) a sub-bullet, '1. ' a "
    "numbered item; any other line is a paragraph."
)
LEVELS = {
    BlockStyle.HEADING: 0,
    BlockStyle.PARAGRAPH: 0,
    BlockStyle.BULLET: 1,
    BlockStyle.NUMBERED: 1,
    BlockStyle.SUB_BULLET: 2,
}


def block(style: str, text: str, number: int | None = None) -> dict:
    row = {"style": str(style), "level": LEVELS[style], "text": text}
    if number is not None:
        row["number"] = number
    return row


def parse_blocks(text: str) -> list[dict]:
    """The blocks of a narrative text, in order: plain JSON, ready to freeze in a baseline."""
    blocks = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        line = line.rstrip()
        if match := HEADING.match(line.strip()):
            blocks.append(block(BlockStyle.HEADING, match["text"].strip()))
        elif match := BULLET.match(line):
            style = BlockStyle.SUB_BULLET if match["indent"] else BlockStyle.BULLET
            blocks.append(block(style, match["text"].strip()))
        elif match := NUMBERED.match(line):
            blocks.append(block(BlockStyle.NUMBERED, match["text"].strip(), int(match["number"])))
        else:
            blocks.append(block(BlockStyle.PARAGRAPH, line.strip()))
    return blocks


def blocks_errors(blocks: list[dict]) -> list[str]:
    """A sub-bullet belongs under a bullet or a numbered item, as in the papers."""
    errors = []
    previous = None
    for position, row in enumerate(blocks, start=1):
        if row["style"] == BlockStyle.SUB_BULLET and previous not in (
            BlockStyle.BULLET,
            BlockStyle.SUB_BULLET,
            BlockStyle.NUMBERED,
        ):
            errors.append(f"Line {position}: a sub-bullet must follow a bullet or a numbered item.")
        previous = row["style"]
    return errors


def run_on(blocks: list[dict]) -> tuple[str, list[dict]]:
    """A description that follows a title: its paragraphs run on as one, its bullets stay bullets."""
    sentences = [row["text"] for row in blocks if row["style"] == BlockStyle.PARAGRAPH]
    points = [row for row in blocks if row["style"] != BlockStyle.PARAGRAPH]
    return " ".join(sentences), points


class Narrative(Tracked):
    """One section's own paragraphs in one of a release's documents, with the paper they come from."""

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="narratives")
    document = models.CharField(max_length=30, choices=DocumentKind.choices, default=DocumentKind.RID)
    section = models.CharField(max_length=40, help_text="Where in the document the paragraphs print.")
    text = models.TextField(help_text=MARKUP_HELP)
    source = models.CharField(
        max_length=300,
        blank=True,
        help_text="The paper and section the text comes from, e.g. 'SECP_76_1701_23, RID 3'.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "document", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "document", "section"],
                name="one_narrative_per_document_section",
                violation_error_message="This section of this document already has its text; edit that one.",
            ),
        ]

    def __str__(self):
        return f"{self.release}: {self.get_document_display()}, {self.section_label}"

    @property
    def section_label(self) -> str:
        return NARRATIVE_SECTIONS.get(self.document, {}).get(self.section, self.section)

    @property
    def blocks(self) -> list[dict]:
        return parse_blocks(self.text)

    def clean(self):
        errors = {}
        sections = NARRATIVE_SECTIONS.get(self.document, {})
        if self.section and self.section not in sections:
            known = ", ".join(sections)
            errors["section"] = f"The {self.get_document_display()} has no section '{self.section}' (known: {known})."
        blocks = parse_blocks(self.text)
        if not blocks:
            errors["text"] = "Write at least one paragraph."
        elif problems := blocks_errors(blocks):
            errors["text"] = problems
        if errors:
            raise ValidationError(errors)
