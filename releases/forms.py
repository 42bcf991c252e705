"""Browser forms for SECAS and DCC edits; every verb is the model's, the forms only collect input.

A form offers only what its verb can do (an item is added approved or targeted; it moves to a release
still ahead of go-live), but it validates against everything, so a crafted POST meets the model's own
refusal, in the same words as the API and the admin.
"""

from django import forms

from modifications.forms import ReferenceField
from secreleases.clock import today
from secreleases.forms import DateInput, VersionedForm

from .choices import ACTIVE_INCLUSIONS, DateKind
from .models import Decision, Milestone, Release, ScopeItem

REASON_HELP = "Kept in the history."


def offer_only(field, allowed) -> None:
    """Show only `allowed` of a choice field's values; validation still accepts the rest, for the model to refuse."""
    field.widget.choices = [(value, label) for value, label in field.choices if value in allowed or value == ""]


def offer_releases_ahead_of_go_live(field, *, keep=None) -> None:
    ahead = set(Release.objects.ahead_of_go_live(today()).values_list("pk", flat=True))
    if keep is not None:
        ahead.add(keep)
    field.widget.choices = [
        (value, label) for value, label in field.choices if value == "" or getattr(value, "value", value) in ahead
    ]


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
        offer_only(self.fields["inclusion"], ACTIVE_INCLUSIONS)
        offer_releases_ahead_of_go_live(self.fields["fall_back_release"])

    def verb_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "modification"}


class ScopeItemChangeForm(VersionedForm):
    """Cut-off, fall-back, status line and exception approval; the inclusion changes by approve, move, remove."""

    reason = forms.CharField(label="Why (kept in the history)", required=False, max_length=2000)

    class Meta:
        model = ScopeItem
        fields = ["cut_off_date", "fall_back_release", "status_note", "exception_approved_on", "exception_paper"]
        widgets = {
            "cut_off_date": DateInput,
            "exception_approved_on": DateInput,
            "status_note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "cut_off_date": "Decision cut-off",
            "fall_back_release": "Fall-back release",
            "exception_approved_on": "Panel approved the exception on",
            "exception_paper": "Panel paper approving the exception",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fall_back_release"].queryset = Release.objects.exclude(pk=self.instance.release_id)
        self.fields["fall_back_release"].empty_label = "The next viable release"
        offer_releases_ahead_of_go_live(self.fields["fall_back_release"], keep=self.instance.fall_back_release_id)
        if not self.instance.is_exception:
            del self.fields["exception_approved_on"]
            del self.fields["exception_paper"]

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class ScopeItemApproveForm(VersionedForm):
    reason = forms.CharField(label="Why, or the decision that approved it", required=False, max_length=2000)

    class Meta:
        model = ScopeItem
        fields = []


class ScopeItemMoveForm(VersionedForm):
    to = forms.ModelChoiceField(queryset=Release.objects.none(), label="Move to release")
    reason = forms.CharField(label="Why", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = ScopeItem
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Release.objects.exclude(pk=self.instance.release_id)
        offer_releases_ahead_of_go_live(self.fields["to"])


class ScopeItemRemoveForm(VersionedForm):
    reason = forms.CharField(label="Why", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = ScopeItem
        fields = []


class MilestoneForm(VersionedForm):
    """What the DCC reports of a milestone (SECAS too): forecast, actual date, BRAG."""

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


class DecisionCorrectForm(VersionedForm):
    reason = forms.CharField(required=False, label="Why it is corrected", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = Decision
        fields = ["body", "outcome", "date", "paper", "notes"]
        widgets = {"date": DateInput, "notes": forms.Textarea(attrs={"rows": 2})}

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class WithdrawForm(VersionedForm):
    """Withdraw a decision or a readiness report: it stays, with the reason, in the history."""

    reason = forms.CharField(required=False, label="Why it is withdrawn", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = Decision
        fields = []


class RescheduleForm(VersionedForm):
    """A new go-live or scope-lock date, with the reason the revision keeps."""

    kind = forms.ChoiceField(label="Which date", choices=DateKind.choices)
    new_date = forms.DateField(label="New date", required=False, widget=DateInput, help_text="Empty: not known yet.")
    reason = forms.CharField(required=False, label="Why", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label="Decided on", required=False, widget=DateInput)
    paper = forms.CharField(required=False, max_length=60, help_text="e.g. SECP_78_1704_10")

    class Meta:
        model = Release
        fields = []

    def verb_arguments(self) -> dict:
        fields = ("reason", "decided_on", "paper")
        return {name: self.cleaned_data[name] for name in fields} | {"kind": self.cleaned_data["kind"]}
