"""Browser forms for criteria assessments and readiness reports; the verbs are the models'."""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from secreleases.clock import today
from secreleases.forms import DateInput, OwnIds, VersionedForm

from .models import MAX_COMPONENTS, Criterion, ReadinessComponent, ReadinessReport, Risk


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


# -- risks and the risk/issue log --------------------------------------------------------------------------

RISK_FIELDS = ["kind", "description", "mitigations", "views", "likelihood", "impact", "status"]
RISK_WIDGETS = {
    "description": forms.Textarea(attrs={"rows": 2}),
    "mitigations": forms.Textarea(attrs={"rows": 3}),
    "views": forms.Textarea(attrs={"rows": 2}),
}
RISK_LABELS = {
    "kind": "Kind",
    "description": "Description",
    "mitigations": "Mitigations",
    "views": "Sub-Committees’ views",
}
RISK_HELP = {"mitigations": "One numbered mitigation a paragraph: leave an empty line between them.", "views": ""}


def open_or_accepted(field) -> None:
    """A risk is closed by Close, with its reason; the status field offers only open and accepted."""
    field.widget.choices = [(value, label) for value, label in field.choices if value != "closed"]


class RiskAddForm(OwnIds, forms.ModelForm):
    id_prefix = "add-risk"

    class Meta:
        model = Risk
        fields = RISK_FIELDS
        widgets = RISK_WIDGETS
        labels = RISK_LABELS
        help_texts = RISK_HELP

    def __init__(self, *args, release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release
        open_or_accepted(self.fields["status"])

    def verb_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in RISK_FIELDS}


class RiskEditForm(OwnIds, VersionedForm):
    id_prefix = "risk"

    reason = forms.CharField(required=False, label="Why it changes", max_length=2000, help_text="Kept in the history.")

    class Meta:
        model = Risk
        fields = RISK_FIELDS
        widgets = RISK_WIDGETS
        labels = RISK_LABELS
        help_texts = RISK_HELP

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.is_closed:
            open_or_accepted(self.fields["status"])

    def verb_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in RISK_FIELDS}


class RiskCloseForm(OwnIds, VersionedForm):
    id_prefix = "close-risk"

    reason = forms.CharField(
        required=False, label="Why it is closed", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Risk
        fields = []


# -- the release's own criteria, amended with the Panel's approval -------------------------------------------


class PanelApprovalFields(forms.Form):
    approved_on = forms.DateField(
        label="Panel approved on", required=False, widget=DateInput, help_text="Required once the RID is baselined."
    )
    paper = forms.CharField(label="Panel paper", required=False, max_length=60, help_text="e.g. SECP_78_1704_10")

    def approval(self) -> dict:
        return {"approved_on": self.cleaned_data.get("approved_on"), "paper": self.cleaned_data.get("paper", "")}


class CriterionAddForm(OwnIds, forms.ModelForm):
    id_prefix = "add-criterion"

    approved_on = PanelApprovalFields.base_fields["approved_on"]
    paper = PanelApprovalFields.base_fields["paper"]
    reason = forms.CharField(required=False, label="Why it is added", max_length=2000, help_text="Kept in the history.")

    class Meta:
        model = Criterion
        fields = ["category", "number", "text", "reviewer"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"reviewer": "Empty: the category’s reviewer (OPSG, TAG or SSC)."}

    def __init__(self, *args, release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release

    def verb_arguments(self) -> dict:
        names = ["category", "number", "text", "reviewer", "approved_on", "paper", "reason"]
        return {name: self.cleaned_data[name] for name in names}


class VerbValidates:
    """A form showing part of a row leaves the row's rules to the verb (under the lock), so a rule about a field
    the form does not show (an assessment's evidence) neither blocks it nor lands on a field it has not got."""

    def _post_clean(self):
        pass


class CriterionAmendForm(OwnIds, VerbValidates, VersionedForm):
    id_prefix = "amend-criterion"

    approved_on = PanelApprovalFields.base_fields["approved_on"]
    paper = PanelApprovalFields.base_fields["paper"]
    reason = forms.CharField(required=False, label="Why it is amended", max_length=2000)

    class Meta:
        model = Criterion
        fields = ["text", "reviewer"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": "Wording"}

    def verb_arguments(self) -> dict:
        names = ["text", "reviewer", "approved_on", "paper", "reason"]
        return {name: self.cleaned_data[name] for name in names}


class CriterionRemoveForm(OwnIds, VerbValidates, VersionedForm):
    id_prefix = "remove-criterion"

    approved_on = PanelApprovalFields.base_fields["approved_on"]
    paper = PanelApprovalFields.base_fields["paper"]
    reason = forms.CharField(required=False, label="Why it is removed", max_length=2000)

    class Meta:
        model = Criterion
        fields = []

    def verb_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in ["approved_on", "paper", "reason"]}
