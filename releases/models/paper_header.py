"""The header of a paper SECAS writes for a release: its reference, action, classification, authors and date.

One row per release and kind of paper (the SEC Releases update, the approval to implement). The paper
is rewritten for each meeting, so the row is edited in place and its history says what the header was
on any day (the paper generated "as at" a date reads that).
"""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from secreleases.models import DateField, Tracked

from ..choices import Body, Classification, DocumentKind, PaperAction

PAPER_KINDS = (DocumentKind.RELEASES_UPDATE, DocumentKind.APPROVAL_TO_IMPLEMENT)


class PaperHeader(Tracked):
    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="paper_headers")
    kind = models.CharField(max_length=30, choices=[(k.value, k.label) for k in PAPER_KINDS])
    reference = models.CharField(max_length=60, blank=True, help_text="As printed on the paper, e.g. SECP_74_1511_22.")
    body = models.CharField(max_length=20, choices=Body.choices, default=Body.PANEL, help_text="Who the paper goes to.")
    action = models.CharField(max_length=20, choices=PaperAction.choices, blank=True)
    classification = models.CharField(max_length=10, choices=Classification.choices, default=Classification.WHITE)
    authors = models.CharField(max_length=300, blank=True, help_text="As signed, e.g. “David Kemp”.")
    date = DateField(null=True, blank=True, help_text="The date the paper carries; empty: the as-at date.")
    recommendations = models.TextField(
        blank=True, help_text="One a line, starting with the verb in capitals, e.g. “NOTE the contents of this paper.”"
    )
    source = models.CharField(max_length=300, blank=True, help_text="The paper the header comes from, if transcribed.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["release", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "kind"],
                name="one_paper_header_per_release_and_kind",
                violation_error_message="This release already has a header for this paper; edit that one.",
            ),
        ]

    def __str__(self):
        return f"{self.release}: {self.get_kind_display()} header"

    @property
    def recommendation_lines(self) -> list[str]:
        return [line.strip() for line in self.recommendations.splitlines() if line.strip()]

    def clean(self):
        if self.kind and self.kind not in PAPER_KINDS:
            raise ValidationError({"kind": "Only the SEC Releases update and the approval to implement have a header."})
