"""Browser forms for SECAS and DCC edits; every verb is the model's, the forms only collect input."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory

from acceptance.models import Criterion, ReadinessComponent, ReadinessReport
from modifications.models import Modification

from .models import Decision, Milestone, Release, ScopeItem

STALE_EDIT_MESSAGE = (
    "Someone else saved a newer version of this while you were editing. "
    "Your change was not saved: reload the page to see theirs, then make yours again."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class StaleEditCheck(forms.ModelForm):
    """Optimistic locking: refuse a save over someone else's newer edit of the same row."""

    last_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["last_seen"] = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            stored = (
                type(self.instance).objects.filter(pk=self.instance.pk).values_list("updated_at", flat=True).first()
            )
            if stored is None or stored.isoformat() != cleaned.get("last_seen"):
                raise ValidationError(STALE_EDIT_MESSAGE, code="stale")
        return cleaned


class ReferenceField(forms.CharField):
    """A modification named as the papers write it: MP084, SECMP0093, 'SEC Mod 62' all find it."""

    def clean(self, value):
        value = super().clean(value)
        try:
            return Modification.objects.by_reference(value)
        except Modification.DoesNotExist:
            raise ValidationError(f"No modification is known as “{value}”.", code="unknown") from None


class ScopeItemAddForm(forms.ModelForm):
    modification = ReferenceField(
        label="Modification", help_text="Its reference, e.g. MP084 or SECMP0062 (aliases work too)."
    )

    class Meta:
        model = ScopeItem
        fields = ["modification", "part", "inclusion", "cut_off_date", "fall_back_release", "status_note"]
        widgets = {"cut_off_date": DateInput, "status_note": forms.Textarea(attrs={"rows": 2})}
        labels = {"cut_off_date": "Decision cut-off", "fall_back_release": "Fall-back release"}

    def __init__(self, *args, release: Release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release
        self.fields["fall_back_release"].queryset = Release.objects.exclude(pk=release.pk)
        self.fields["fall_back_release"].empty_label = "The next viable release"


class ScopeItemChangeForm(StaleEditCheck):
    reason = forms.CharField(label="Why (kept in the history)", required=False, max_length=300)

    class Meta:
        model = ScopeItem
        fields = ["inclusion", "cut_off_date", "fall_back_release", "status_note", "exception_approved_on"]
        widgets = {
            "cut_off_date": DateInput,
            "exception_approved_on": DateInput,
            "status_note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "cut_off_date": "Decision cut-off",
            "fall_back_release": "Fall-back release",
            "exception_approved_on": "Panel approved the exception on",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fall_back_release"].queryset = Release.objects.exclude(pk=self.instance.release_id)
        self.fields["fall_back_release"].empty_label = "The next viable release"
        if not self.instance.is_exception:
            del self.fields["exception_approved_on"]

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class ScopeItemMoveForm(StaleEditCheck):
    to = forms.ModelChoiceField(queryset=Release.objects.none(), label="Move to release")
    reason = forms.CharField(label="Why", max_length=300)

    class Meta:
        model = ScopeItem
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Release.objects.open().exclude(pk=self.instance.release_id)


class ScopeItemRemoveForm(StaleEditCheck):
    reason = forms.CharField(label="Why", max_length=300)

    class Meta:
        model = ScopeItem
        fields = []


class MilestoneForm(StaleEditCheck):
    class Meta:
        model = Milestone
        fields = ["forecast_date", "actual_date", "brag"]
        widgets = {"forecast_date": DateInput, "actual_date": DateInput}


class CriterionAssessForm(StaleEditCheck):
    class Meta:
        model = Criterion
        fields = ["status", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}


class ReadinessReportForm(forms.ModelForm):
    class Meta:
        model = ReadinessReport
        fields = ["as_at", "target_date", "source"]
        widgets = {"as_at": DateInput, "target_date": DateInput}

    def __init__(self, *args, release: Release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release
        if not self.is_bound:
            self.initial.setdefault("as_at", datetime.date.today())


# The components of the DCC's readiness slides; a new report starts from the last report's list.
STANDARD_COMPONENTS = (
    "DCC Capabilities – Live Service Criteria",
    "DCC Processes",
    "Service Centre",
    "Change & Release Management",
    "Early Life Support Readiness",
    "DSP System",
    "DSP Processes",
    "Communication to users",
)


class BaseComponentFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # A prefilled component is a row to keep even when its state is left "not stated".
        if i < len(self.initial_extra or []):
            form.empty_permitted = False
        return form

    def components(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("name")]


ReadinessComponentFormSet = inlineformset_factory(
    ReadinessReport,
    ReadinessComponent,
    formset=BaseComponentFormSet,
    fields=["name", "state", "target_state", "rag", "rationale"],
    widgets={"rationale": forms.Textarea(attrs={"rows": 1})},
    extra=len(STANDARD_COMPONENTS) + 2,
    can_delete=False,
)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["body", "outcome", "date", "paper", "notes"]
        widgets = {"date": DateInput, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, release: Release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release
