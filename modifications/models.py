from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from simple_history.models import HistoricalRecords

from secreleases.models import DateField, Tracked, VerbOnlyFields

from .choices import Impact, Originator, Participant, Phase, Route
from .references import (
    CANONICAL_REFERENCE_HELP,
    CR_NUMBER_HELP,
    CR_NUMBER_PATTERN,
    REFERENCE_PATTERN,
    is_canonical_reference,
    is_cr_number,
    normal_cr_number,
    spelled_as_sec_mod,
    squash,
)


def impact_field(verbose_name):
    return models.CharField(
        verbose_name, max_length=3, choices=Impact.choices, null=True, blank=True, help_text="Empty: not stated."
    )


class ModificationQuerySet(models.QuerySet):
    def by_reference(self, text: str) -> "Modification":
        """The modification a paper's spelling names: its canonical reference or one of its aliases."""
        key = squash(text)
        if not key:
            raise Modification.DoesNotExist("No reference given.")
        candidates = {key, squash(spelled_as_sec_mod(text) or "")} - {""}
        found = self.filter(Q(reference__in=candidates) | Q(aliases__normalised__in=candidates)).distinct()
        match = found.first()
        if match is None:
            raise Modification.DoesNotExist(f"No modification is known as {text!r}.")
        return match

    def with_listing_data(self):
        return self.prefetch_related("aliases")


REFERENCE_BY_RENAMING = (
    "A modification's reference changes only by renaming it (or promoting a Draft Proposal), with a reason; "
    "the old reference stays as an alias that finds it."
)


class Modification(VerbOnlyFields, Tracked):
    """A proposal to change the SEC: one record under its canonical reference."""

    verb_only_fields = {"reference": REFERENCE_BY_RENAMING}

    reference = models.CharField(max_length=12, unique=True, help_text=CANONICAL_REFERENCE_HELP)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    url = models.URLField("web page", max_length=400, blank=True)
    phase = models.CharField(max_length=20, choices=Phase.choices, null=True, blank=True)
    route = models.CharField("governance route", max_length=30, choices=Route.choices, null=True, blank=True)
    impacts_dcc_systems = models.BooleanField("impacts DCC Systems", default=False)
    impacts_duis = impact_field("impacts DUIS")
    impacts_gbcs = impact_field("impacts GBCS")
    impacts_ch_firmware = impact_field("impacts CH firmware")
    impact_notes = models.TextField(blank=True, help_text="Footnotes to the impacts, as the papers give them.")
    history = HistoricalRecords()

    objects = ModificationQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reference__regex=REFERENCE_PATTERN),
                name="modification_reference_format",
                violation_error_message=CANONICAL_REFERENCE_HELP,
            )
        ]

    def __str__(self):
        return f"{self.reference} ‘{self.title}’"

    @property
    def is_draft_proposal(self) -> bool:
        return self.reference.startswith("DP")

    def clean(self):
        self.check_verb_only_fields()
        if self.reference and not is_canonical_reference(self.reference):
            raise ValidationError({"reference": CANONICAL_REFERENCE_HELP})
        if (
            self.reference
            and ModificationAlias.objects.filter(normalised=squash(self.reference))
            .exclude(modification_id=self.pk)
            .exists()
        ):
            raise ValidationError({"reference": "This reference is already an alias of another modification."})

    @transaction.atomic
    def rename(self, new_reference: str, *, reason: str) -> None:
        """Give the record a new canonical reference; the old one stays as an alias that finds it."""
        if not (reason or "").strip():
            raise ValidationError({"reason": "Say why the reference changes (kept in the history)."})
        old_reference = type(self).objects.select_for_update().values_list("reference", flat=True).get(pk=self.pk)
        new_reference = (new_reference or "").strip()
        if new_reference == old_reference:
            return
        with self.by_verb("reference"):
            self.reference = new_reference
            self.full_clean()
            self._change_reason = reason.strip()
            self.save()
        self.aliases.filter(normalised=squash(new_reference)).delete()
        self.add_alias(old_reference)

    def promote_to_proposal(self, *, reason: str = "Draft Proposal became a Modification Proposal") -> None:
        """DP124 becomes MP124 and keeps its record; DP124 still finds it."""
        if not self.is_draft_proposal:
            raise ValidationError({"reference": f"{self.reference} is not a Draft Proposal."})
        self.rename("MP" + self.reference[2:], reason=reason)

    def add_alias(self, spelling: str) -> "ModificationAlias":
        existing = self.aliases.filter(normalised=squash(spelling)).first()
        if existing:
            return existing
        alias = ModificationAlias(modification=self, alias=spelling)
        alias.full_clean()
        alias.save()
        return alias


class ModificationAlias(Tracked):
    """Another spelling of a modification's reference that the papers use (SECMP0093, SEC Mod 62)."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=40)
    normalised = models.CharField(max_length=40, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "modification aliases"

    def __str__(self):
        return self.alias

    def save(self, *args, **kwargs):
        self.normalised = squash(self.alias)
        super().save(*args, **kwargs)

    def clean(self):
        key = squash(self.alias)
        if not key:
            raise ValidationError({"alias": "An alias cannot be empty."})
        clash = Modification.objects.filter(reference=key)
        if self.modification_id:
            clash = clash.exclude(pk=self.modification_id)
        if clash.exists():
            raise ValidationError({"alias": f"{key} is the reference of another modification."})
        other = ModificationAlias.objects.filter(normalised=key).exclude(pk=self.pk).select_related("modification")
        if other.exists():
            raise ValidationError({"alias": f"{self.alias} already finds {other.first().modification.reference}."})


class KeyDate(Tracked):
    """A decision date in a modification's life (a Change Board vote, an Authority decision)."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="key_dates")
    date = DateField()
    event = models.CharField(max_length=300)
    source = models.CharField(max_length=60, blank=True, help_text="The paper that states it.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["modification", "date", "pk"]

    def __str__(self):
        return f"{self.modification.reference}: {self.event} ({self.date})"


class ParticipantImpact(Tracked):
    """How a modification affects a class of participant, in a sentence (the RID's impact tables)."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="participant_impacts")
    participant = models.CharField(max_length=30, choices=Participant.choices)
    area = models.CharField(
        max_length=100, blank=True, help_text="For DCC impacts: the area impacted, e.g. Data Service Provider."
    )
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["modification", "participant", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["modification", "participant", "area"],
                name="one_impact_per_modification_participant_area",
                violation_error_message="This modification already has an impact for this participant and area.",
            )
        ]

    def __str__(self):
        return f"{self.modification.reference} → {self.get_participant_display()}"


class SecDocument(Tracked):
    """A part of the SEC: Section A 'Definitions and Interpretation', Appendix AB, ..."""

    code = models.CharField(max_length=30, unique=True, help_text="e.g. Section A, Appendix AB")
    title = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.code} ‘{self.title}’" if self.title else self.code


class DocumentImpact(Tracked):
    """A SEC document that a modification changes."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="document_impacts")
    document = models.ForeignKey(SecDocument, on_delete=models.PROTECT, related_name="impacts")
    history = HistoricalRecords()

    class Meta:
        ordering = ["modification", "document__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["modification", "document"],
                name="one_impact_per_modification_and_document",
                violation_error_message="This modification already changes this document.",
            )
        ]

    def __str__(self):
        return f"{self.modification.reference} changes {self.document.code}"


class ChangeRequestQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("modification", "release")


class ChangeRequest(Tracked):
    """A DCC Change Request, implemented alongside a release but not part of it."""

    number = models.CharField(
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        help_text=CR_NUMBER_HELP,
    )
    title = models.CharField(max_length=300, blank=True, help_text="Empty where no paper states it.")
    description = models.TextField(blank=True)
    originator = models.CharField(
        max_length=20, choices=Originator.choices, null=True, blank=True, help_text="Empty where no paper states it."
    )
    modification = models.ForeignKey(
        Modification, null=True, blank=True, on_delete=models.PROTECT, related_name="change_requests"
    )
    modification_part = models.CharField(max_length=40, blank=True)
    release = models.ForeignKey(
        "releases.Release",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="change_requests",
        help_text="The release it is implemented alongside.",
    )
    duis_schema_change = models.BooleanField("DUIS schema change", null=True, blank=True)
    duis_document_change = models.BooleanField("DUIS document change", null=True, blank=True)
    smets_version = models.CharField("SMETS version", max_length=40, blank=True)
    gbcs_version = models.CharField("GBCS version", max_length=40, blank=True)
    proposed_duis_version = models.CharField("proposed DUIS version", max_length=40, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = [models.F("number").asc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__regex=CR_NUMBER_PATTERN),
                name="change_request_number_format",
                violation_error_message=CR_NUMBER_HELP,
            ),
            models.CheckConstraint(
                condition=Q(modification__isnull=True) | Q(originator=Originator.SEC_MODIFICATION),
                name="change_request_for_modification_is_originated_by_it",
                violation_error_message=(
                    "A Change Request that delivers a modification has that modification as originator."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.display_number} ‘{self.title}’" if self.title else self.display_number

    @property
    def display_number(self) -> str:
        return self.number or "CRTBC"

    def clean(self):
        self.number = normal_cr_number(self.number)
        if self.number and not is_cr_number(self.number):
            raise ValidationError({"number": CR_NUMBER_HELP})


class CrDependency(Tracked):
    """A modification that cannot progress until a Change Request reaches a point (rule 5)."""

    modification = models.ForeignKey(Modification, on_delete=models.CASCADE, related_name="cr_dependencies")
    change_request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="dependants")
    condition = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'delivered', 'exited Pre-Integration Testing'"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["modification", "change_request"]
        verbose_name_plural = "CR dependencies"
        constraints = [
            models.UniqueConstraint(
                fields=["modification", "change_request"],
                name="one_dependency_per_modification_and_cr",
                violation_error_message="This dependency is already recorded.",
            )
        ]

    def __str__(self):
        return f"{self.modification.reference} depends on {self.change_request.display_number}"
