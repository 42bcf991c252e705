"""Browser forms for criteria assessments and readiness reports; the verbs are the models'."""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from secreleases.clock import today
from secreleases.forms import DateInput, VersionedForm

from .models import MAX_COMPONENTS, Criterion, ReadinessComponent, ReadinessReport


class CriterionAssessForm(VersionedForm):
    class Meta:
        model = Criterion
        fields = ["status", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}


class ReadinessReportForm(forms.ModelForm):
    class Meta:
        model = ReadinessReport
        fields = ["as_at", "target_date", "source"]
        widgets = {"as_at": DateInput, "target_date": DateInput}

    def __init__(self, *args, release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release
        if not self.is_bound:
            self.initial.setdefault("as_at", today())


class ReadinessCorrectForm(VersionedForm):
    reason = forms.CharField(
        required=False, label="Why it is corrected", max_length=2000, help_text="Kept in the history."
    )

    class Meta:
        model = ReadinessReport
        fields = ["as_at", "target_date", "source"]
        widgets = {"as_at": DateInput, "target_date": DateInput}


class ReadinessWithdrawForm(VersionedForm):
    reason = forms.CharField(
        required=False, label="Why it is withdrawn", max_length=2000, help_text="Kept in the history."
    )

    class Meta:
        model = ReadinessReport
        fields = []


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
        """The rows with a component name, as ReadinessReport.record takes them."""
        fields = ("name", "state", "target_state", "rag", "rationale")
        rows = [form.cleaned_data for form in self.forms if form.cleaned_data.get("name")]
        return [{field: row.get(field) for field in fields} for row in rows]


ReadinessComponentFormSet = inlineformset_factory(
    ReadinessReport,
    ReadinessComponent,
    formset=BaseComponentFormSet,
    fields=["name", "state", "target_state", "rag", "rationale"],
    widgets={"rationale": forms.Textarea(attrs={"rows": 1})},
    extra=len(STANDARD_COMPONENTS) + 2,
    can_delete=False,
    max_num=MAX_COMPONENTS,
    validate_max=True,
)
