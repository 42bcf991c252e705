"""Browser forms for SECAS and DCC edits; every verb is the model's, the forms only collect input."""

from django import forms

from modifications.forms import ReferenceField
from secreleases.forms import DateInput, StaleEditCheck

from .models import Decision, Milestone, Release, ScopeItem


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


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["body", "outcome", "date", "paper", "notes"]
        widgets = {"date": DateInput, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, release: Release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release
