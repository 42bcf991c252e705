"""How the browser presents the shared ModificationFilterSet: same parameters and filtering, friendlier widgets."""

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError

from secreleases.clock import today
from secreleases.forms import DateInput, VersionedForm
from secreleases.models import related_model

from .choices import DECIDER_BY_ROUTE, DecidingBody, DecisionOutcome, Impact, Phase, Route
from .filters import ModificationFilterSet
from .models import ChangeRequest, DocumentImpact, KeyDate, Modification, ParticipantImpact, SecDocument

ANY = [("", "Any")]


class ModificationSearch(ModificationFilterSet):
    q = filters.CharFilter(
        method="search_text", label="Reference, alias or title", widget=forms.TextInput(attrs={"type": "search"})
    )
    phase = filters.MultipleChoiceFilter(choices=Phase.choices, widget=forms.CheckboxSelectMultiple)
    route = filters.MultipleChoiceFilter(
        label="Governance route", choices=Route.choices, widget=forms.CheckboxSelectMultiple
    )
    release = filters.ModelChoiceFilter(
        label="Has (had) a scope item in",
        queryset=related_model(ChangeRequest, "release").objects.all(),
        to_field_name="slug",
        field_name="scope_items__release",
        distinct=True,
        empty_label="Any release",
    )
    impacts_dcc_systems = filters.BooleanFilter(
        label="Impacts DCC Systems",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
    )
    impacts_duis = filters.ChoiceFilter(label="Impacts DUIS", choices=Impact.choices, empty_label="Any")
    impacts_gbcs = filters.ChoiceFilter(label="Impacts GBCS", choices=Impact.choices, empty_label="Any")
    impacts_ch_firmware = filters.ChoiceFilter(label="Impacts CH firmware", choices=Impact.choices, empty_label="Any")


class ReferenceField(forms.CharField):
    """A modification named as the papers write it: MP084, SECMP0093, 'SEC Mod 62' all find it."""

    def clean(self, value):
        value = super().clean(value)
        try:
            return Modification.objects.by_reference(value)
        except Modification.DoesNotExist:
            raise ValidationError(f"No modification is known as “{value}”.", code="unknown") from None


class RenameForm(VersionedForm):
    """A new canonical reference (DP124 to MP124, a corrected spelling); the old one stays as an alias."""

    new_reference = forms.CharField(label="New reference", max_length=12, help_text="e.g. MP124")
    reason = forms.CharField(required=False, label="Why", max_length=2000, help_text="Kept in the history.")

    class Meta:
        model = Modification
        fields = []


class PromoteForm(VersionedForm):
    reason = forms.CharField(
        label="Why (kept in the history)",
        required=False,
        max_length=2000,
        help_text="e.g. the Panel paper that raised it; empty: “Draft Proposal became a Modification Proposal”.",
    )

    class Meta:
        model = Modification
        fields = []


class OptionalReferenceField(ReferenceField):
    """A modification's reference, or empty for none."""

    def clean(self, value):
        if not (value or "").strip():
            return None
        return super().clean(value)


# The decision phases are set by recording a decision, which also settles the scope items.
PHASES_BY_DECISION = (Phase.APPROVED, Phase.REJECTED, Phase.SENT_BACK)
WHY = "Why (kept in the history)"


class ModificationForm(VersionedForm):
    """The register's fields; the reference is given once (renaming changes it later), a decision sets the phase."""

    documents = forms.ModelMultipleChoiceField(
        label="SEC documents it changes",
        queryset=SecDocument.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(label=WHY, required=False, max_length=2000)

    class Meta:
        model = Modification
        fields = [
            "reference",
            "title",
            "summary",
            "url",
            "phase",
            "route",
            "impacts_dcc_systems",
            "impacts_duis",
            "impacts_gbcs",
            "impacts_ch_firmware",
            "impact_notes",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "impact_notes": forms.Textarea(attrs={"rows": 2})}
        labels = {"url": "Web page", "impacts_ch_firmware": "Impacts Communications Hub firmware"}
        help_texts = {"url": "Its page on the SEC website."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The reference changes only by renaming, which keeps the old one as an alias.
            del self.fields["reference"]
            self.initial.setdefault("documents", [d.document_id for d in self.instance.document_impacts.all()])
        decided = [p for p in PHASES_BY_DECISION if p != self.instance.phase]
        self.fields["phase"].choices = [c for c in self.fields["phase"].choices if c[0] not in decided]
        self.fields["phase"].help_text = "Approved, rejected and sent back are set by recording the decision."

    def apply_to(self, row: Modification) -> Modification:
        """Copy the form's fields onto the locked row and save it with the reason in its history."""
        for name in self._meta.fields:
            if name in self.cleaned_data:
                setattr(row, name, self.cleaned_data[name])
        row.full_clean()
        row._change_reason = self.cleaned_data["reason"] or ("Edited in the browser" if row.pk else "Registered")
        row.save()
        self.save_documents(row)
        return row

    def save_documents(self, row: Modification) -> None:
        reason = self.cleaned_data["reason"] or "SEC documents changed in the browser"
        wanted = set(self.cleaned_data["documents"])
        current = {impact.document: impact for impact in row.document_impacts.select_related("document")}
        for document, impact in current.items():
            if document not in wanted:
                impact._change_reason = reason
                impact.delete()
        for document in wanted - set(current):
            impact = DocumentImpact(modification=row, document=document)
            impact._change_reason = reason
            impact.save()


class ParticipantImpactForm(forms.ModelForm):
    class Meta:
        model = ParticipantImpact
        fields = ["participant", "area", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}


class KeyDateForm(forms.ModelForm):
    class Meta:
        model = KeyDate
        fields = ["date", "event", "source"]
        widgets = {"date": DateInput}


class RowsFormSet(forms.BaseInlineFormSet):
    """A modification's rows (impacts, key dates): an empty one to add, a Remove box on each."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"


ParticipantImpactFormSet = forms.inlineformset_factory(
    Modification,
    ParticipantImpact,
    form=ParticipantImpactForm,
    formset=RowsFormSet,
    extra=1,
    can_delete=True,
    max_num=20,
)
KeyDateFormSet = forms.inlineformset_factory(
    Modification, KeyDate, form=KeyDateForm, formset=RowsFormSet, extra=1, can_delete=True, max_num=50
)


def save_rows(formset, row: Modification, reason: str) -> None:
    """Save an inline formset's rows for `row`, each with the reason in its history."""
    formset.instance = row
    for form in formset.deleted_forms:
        if form.instance.pk:
            form.instance._change_reason = reason
            form.instance.delete()
    for form in formset.forms:
        if form in formset.deleted_forms or not form.has_changed():
            continue
        instance = form.save(commit=False)
        instance.modification = row
        instance._change_reason = reason
        instance.save()


class DecisionForm(VersionedForm):
    """The Change Board's vote, the Authority's or the Panel's decision, as the route says."""

    body = forms.ChoiceField(label="Decided by", choices=DecidingBody.choices)
    outcome = forms.ChoiceField(label="Decision", choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    date = forms.DateField(label="Decided on", widget=DateInput)
    paper = forms.CharField(label="Paper or minutes", required=False, max_length=60, help_text="e.g. CB_123")
    reason = forms.CharField(label="Notes (kept in the history)", required=False, max_length=2000)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Modification
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        decider = DECIDER_BY_ROUTE.get(self.instance.route)
        if decider and not self.is_bound:
            self.initial.setdefault("body", decider)

    def verb_arguments(self) -> dict:
        data = self.cleaned_data
        return {"body": data["body"], "outcome": data["outcome"], "on": data["date"]}


class TargetForm(forms.Form):
    """Put this modification (or a part) into a release's scope, with its decision cut-off."""

    release = forms.ModelChoiceField(label="Release", queryset=None, empty_label=None)
    part = forms.CharField(label="Part", required=False, max_length=40, help_text="Empty for the whole modification.")
    cut_off_date = forms.DateField(label="Decision cut-off", required=False, widget=DateInput)
    fall_back_release = forms.ModelChoiceField(
        label="Fall-back release", queryset=None, required=False, empty_label="The next viable release"
    )
    status_note = forms.CharField(
        label="Current status", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        releases = related_model(ChangeRequest, "release").objects
        self.fields["release"].queryset = releases.ahead_of_go_live(today())
        self.fields["fall_back_release"].queryset = releases.ahead_of_go_live(today())


class DependencyForm(forms.Form):
    """A modification that cannot progress until a Change Request reaches a point (rule 5)."""

    change_request = forms.ModelChoiceField(label="Change Request", queryset=ChangeRequest.objects.all())
    condition = forms.CharField(
        label="Until it is", required=False, max_length=200, help_text="e.g. delivered, exited PIT"
    )
    reason = forms.CharField(label=WHY, required=False, max_length=2000)


class DependantForm(forms.Form):
    """From a Change Request's page: a modification that depends on it."""

    modification = ReferenceField(label="Modification", help_text="Its reference, e.g. MP084 (aliases work too).")
    condition = forms.CharField(
        label="Until it is", required=False, max_length=200, help_text="e.g. delivered, exited PIT"
    )
    reason = forms.CharField(label=WHY, required=False, max_length=2000)


class DropDependencyForm(forms.Form):
    reason = forms.CharField(label=WHY, required=False, max_length=2000)


class ChangeRequestForm(VersionedForm):
    """A DCC Change Request: its number (empty while TBC), originator, what it delivers and its versions."""

    modification = OptionalReferenceField(
        label="Delivers modification",
        required=False,
        help_text="Its reference (e.g. SECMP0062); then the originator is “SEC modification”.",
    )
    reason = forms.CharField(label=WHY, required=False, max_length=2000)

    class Meta:
        model = ChangeRequest
        fields = [
            "number",
            "title",
            "originator",
            "modification",
            "modification_part",
            "release",
            "description",
            "duis_schema_change",
            "duis_document_change",
            "smets_version",
            "gbcs_version",
            "proposed_duis_version",
            "notes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "duis_schema_change": forms.NullBooleanSelect,
            "duis_document_change": forms.NullBooleanSelect,
        }
        labels = {"number": "CR number", "modification_part": "Part delivered", "release": "Alongside release"}
        help_texts = {"number": "e.g. CR1145; empty while TBC."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.modification_id and not self.is_bound:
            self.initial["modification"] = self.instance.modification.reference
        self.fields["release"].empty_label = "Not yet placed"

    def apply_to(self, row: ChangeRequest) -> ChangeRequest:
        for name in self._meta.fields:
            setattr(row, name, self.cleaned_data[name])
        row.full_clean()
        row._change_reason = self.cleaned_data["reason"] or ("Edited in the browser" if row.pk else "Recorded")
        row.save()
        return row
