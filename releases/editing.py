"""Running a release in place on its page: costs, timetable events, exception approvals (the shared in-place
form views are secreleases.inline's; the risk and criteria views are in acceptance/views.py).

Each form is a row of the release page, opened in place with htmx or on its own page without JavaScript;
each save calls one model verb (the one the admin and the API call) with its reason, under the row lock
and the version the form was read at. After a save the message is shown beside the section saved
(`saved_in`), as well as at the top of the page.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from modifications.models import Modification
from secreleases.forms import DateInput, OwnIds, VersionedForm
from secreleases.inline import add_view, may, messages_by_section, row_view, saved_in
from secreleases.pages import form_page, write_under_lock

from .models import CostBreakdownLine, Milestone, Release, ScopeItem, SecasCost
from .models.costs import PHASES

REASON_HELP = "Kept in the history."


class ReasonForm(OwnIds, VersionedForm):
    """Remove a row: why, kept in the history."""

    id_prefix = "remove"

    reason = forms.CharField(required=False, label="Why it is removed", max_length=2000, help_text=REASON_HELP)

    class Meta:
        fields = []


def reason_form(model_class):
    return type(
        f"{model_class.__name__}RemoveForm",
        (ReasonForm,),
        {
            "Meta": type("Meta", (), {"model": model_class, "fields": []}),
            "id_prefix": f"remove-{model_class._meta.model_name}",
        },
    )


# -- costs: the DCC's quoted total, its breakdown, SECAS's effort -----------------------------------------------


class DccQuoteForm(OwnIds, VersionedForm):
    id_prefix = "quote"

    reason = forms.CharField(required=False, label="Why it changes", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = Release
        fields = ["dcc_quoted_total", "operational_cost_impact"]
        labels = {"dcc_quoted_total": "DCC quoted total (£)"}
        widgets = {"operational_cost_impact": forms.Textarea(attrs={"rows": 2})}


PHASE_LABELS = {
    "design_build_pit": "Design, Build & PIT (£)",
    "sit": "SIT (£)",
    "uit": "UIT (£)",
    "implement_to_live": "Implement to live (£)",
}


def modifications_in_scope(release):
    return Modification.objects.filter(scope_items__release=release).distinct().order_by("reference")


class CostLineAddForm(OwnIds, forms.ModelForm):
    id_prefix = "add-cost-line"

    class Meta:
        model = CostBreakdownLine
        fields = ["modification", *PHASES]
        labels = PHASE_LABELS

    def __init__(self, *args, release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release
        field = self.fields["modification"]
        field.queryset = modifications_in_scope(release)
        field.help_text = "One of the release’s modifications; a line per modification."
        field.label_from_instance = lambda modification: modification.reference

    def verb_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CostLineEditForm(OwnIds, VersionedForm):
    id_prefix = "cost-line"

    reason = forms.CharField(required=False, label="Why it changes", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = CostBreakdownLine
        fields = list(PHASES)
        labels = PHASE_LABELS

    def verb_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PHASES}


SECAS_FIELDS = ["activity", "days", "amount", "note"]


class SecasCostAddForm(OwnIds, forms.ModelForm):
    id_prefix = "add-secas-cost"

    class Meta:
        model = SecasCost
        fields = SECAS_FIELDS
        labels = {"amount": "Amount (£)"}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release

    def verb_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in SECAS_FIELDS}


class SecasCostEditForm(OwnIds, VersionedForm):
    id_prefix = "secas-cost"

    reason = forms.CharField(required=False, label="Why it changes", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = SecasCost
        fields = SECAS_FIELDS
        labels = {"amount": "Amount (£)"}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def verb_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in SECAS_FIELDS}


def record_quote(request, release, form):
    data = form.cleaned_data
    release.record_dcc_quote(
        data["dcc_quoted_total"], reason=data["reason"], operational_cost_impact=data["operational_cost_impact"]
    )
    return "costs", "The DCC’s quoted total is saved."


@may("releases.change_release")
def dcc_quote(request, slug):
    release = get_object_or_404(Release, slug=slug)
    form = DccQuoteForm(request.POST or None, instance=release)
    if request.method == "POST" and form.is_valid():
        done = write_under_lock(
            form, Release.objects.filter(pk=release.pk), lambda row: record_quote(request, row, form)
        )
        if done is not None:
            return saved_in(request, release, "costs", *done)
    context = {
        "release": release,
        "form": form,
        "title": f"The DCC’s quoted total for {release.name}",
        "intro": "As the DCC quoted it: it is never corrected to the breakdown’s sum; the page shows the difference.",
        "action": request.path,
        "submit": "Save the quote",
        "anchor": "costs",
        "form_label": "DCC quoted total",
    }
    return form_page(request, context)


def add_cost_line(request, release, form):
    line = CostBreakdownLine.add(release=release, reason="Added in the browser", **form.verb_fields())
    return f"cost-line-{line.pk}", f"Cost breakdown line for {line.modification.reference} added."


def change_cost_line(request, line, form):
    line.revise(reason=form.cleaned_data["reason"] or "Changed in the browser", **form.verb_fields())
    return f"cost-line-{line.pk}", f"Cost breakdown line for {line.modification.reference} saved."


def remove_cost_line(request, line, form):
    reference = line.modification.reference
    line.remove(reason=form.cleaned_data["reason"])
    return "costs", f"Cost breakdown line for {reference} removed."


def add_secas_cost(request, release, form):
    cost = SecasCost.add(release=release, reason="Added in the browser", **form.verb_fields())
    return f"secas-cost-{cost.pk}", f"SECAS effort “{cost.activity}” added."


def change_secas_cost(request, cost, form):
    cost.revise(reason=form.cleaned_data["reason"] or "Changed in the browser", **form.verb_fields())
    return f"secas-cost-{cost.pk}", f"SECAS effort “{cost.activity}” saved."


def remove_secas_cost(request, cost, form):
    activity = cost.activity
    cost.remove(reason=form.cleaned_data["reason"])
    return "costs", f"SECAS effort “{activity}” removed."


cost_line_add = add_view(
    "releases.add_costbreakdownline",
    CostLineAddForm,
    add_cost_line,
    title="Add a cost breakdown line",
    submit="Add the line",
    section="costs",
)
cost_line_change = row_view(
    "releases.change_costbreakdownline",
    CostBreakdownLine,
    CostLineEditForm,
    change_cost_line,
    title=lambda line: f"Change the cost line for {line.modification.reference}",
    submit="Save",
    section="costs",
)
cost_line_remove = row_view(
    "releases.delete_costbreakdownline",
    CostBreakdownLine,
    reason_form(CostBreakdownLine),
    remove_cost_line,
    title=lambda line: f"Remove the cost line for {line.modification.reference}",
    submit="Remove the line",
    section="costs",
    danger=True,
)
secas_cost_add = add_view(
    "releases.add_secascost",
    SecasCostAddForm,
    add_secas_cost,
    title="Add SECAS effort",
    submit="Add",
    section="costs",
)
secas_cost_change = row_view(
    "releases.change_secascost",
    SecasCost,
    SecasCostEditForm,
    change_secas_cost,
    title=lambda cost: f"Change SECAS effort “{cost.activity}”",
    submit="Save",
    section="costs",
)
secas_cost_remove = row_view(
    "releases.delete_secascost",
    SecasCost,
    reason_form(SecasCost),
    remove_secas_cost,
    title=lambda cost: f"Remove SECAS effort “{cost.activity}”",
    submit="Remove",
    section="costs",
    danger=True,
)


# -- timetable events: SECAS plans them, the DCC reports forecasts (Milestone.check_writer) -------------------

PLAN_FIELDS = ["event", "date", "owner", "kind", "position", "notes", "forecast_date", "actual_date", "brag"]
MILESTONE_WIDGETS = {
    "date": DateInput,
    "forecast_date": DateInput,
    "actual_date": DateInput,
    "notes": forms.Textarea(attrs={"rows": 2}),
}


class MilestoneAddForm(OwnIds, forms.ModelForm):
    id_prefix = "add-milestone"

    class Meta:
        model = Milestone
        fields = PLAN_FIELDS
        widgets = MILESTONE_WIDGETS
        labels = {"kind": "Which table", "position": "Order", "brag": "BRAG"}

    def __init__(self, *args, release, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.release = release

    def verb_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PLAN_FIELDS}


class MilestonePlanForm(OwnIds, VersionedForm):
    """SECAS's form: the plan and the report."""

    id_prefix = "milestone"

    reason = forms.CharField(required=False, label="Why it changes", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = Milestone
        fields = [name for name in PLAN_FIELDS if name != "kind"]
        widgets = MILESTONE_WIDGETS
        labels = {"position": "Order", "brag": "BRAG"}

    def verb_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MilestoneReportForm(OwnIds, VersionedForm):
    """The DCC's form: what it reports of a milestone (forecast, actual date, BRAG)."""

    id_prefix = "milestone"

    reason = forms.CharField(required=False, label="Why it changes", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = Milestone
        fields = ["forecast_date", "actual_date", "brag"]
        widgets = MILESTONE_WIDGETS
        labels = {"brag": "BRAG"}

    def verb_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def add_milestone(request, release, form):
    milestone = Milestone.add(release=release, by=request.user, reason="Added in the browser", **form.verb_fields())
    return f"milestone-{milestone.pk}", f"“{milestone.event}” added to the {milestone.get_kind_display().lower()}."


milestone_add = add_view(
    "releases.add_milestone",
    MilestoneAddForm,
    add_milestone,
    title="Add a timetable event",
    submit="Add the event",
    section="timetable",
)


@may("releases.change_milestone")
def milestone_change(request, slug, pk):
    """SECAS changes the plan and the report; the DCC what it reports (the same rule as the API's and admin's)."""
    milestone = get_object_or_404(Milestone.objects.select_related("release"), pk=pk, release__slug=slug)
    form_class = MilestonePlanForm if Milestone.may_plan(request.user) else MilestoneReportForm
    form = form_class(request.POST or None, instance=milestone)
    if request.method == "POST" and form.is_valid():

        def act(row):
            reason = form.cleaned_data["reason"] or "Updated in the browser"
            return row.revise(by=request.user, reason=reason, **form.verb_fields())

        try:
            done = write_under_lock(form, Milestone.objects.filter(pk=milestone.pk), act)
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal))
            done = None
        if done is not None:
            message = f"“{done.event}” saved."
            return saved_in(request, milestone.release, "timetable", f"milestone-{milestone.pk}", message)
    context = {
        "release": milestone.release,
        "form": form,
        "title": f"Update “{milestone.event}”",
        "action": request.path,
        "submit": "Save",
        "anchor": f"milestone-{milestone.pk}",
        "form_label": f"Update {milestone.event}",
    }
    return form_page(request, context)


def remove_milestone(request, milestone, form):
    event = milestone.event
    milestone.remove(by=request.user, reason=form.cleaned_data["reason"])
    return "timetable", f"“{event}” removed from the timetable."


milestone_remove = row_view(
    "releases.delete_milestone",
    Milestone,
    reason_form(Milestone),
    remove_milestone,
    title=lambda milestone: f"Remove “{milestone.event}”",
    submit="Remove the event",
    section="timetable",
    danger=True,
)


# -- rule 1: the Panel's approval of an exception item -----------------------------------------------------------


class ExceptionApprovalForm(OwnIds, VersionedForm):
    id_prefix = "exception"

    reason = forms.CharField(required=False, label="Note (optional)", max_length=2000, help_text=REASON_HELP)

    class Meta:
        model = ScopeItem
        fields = ["exception_approved_on", "exception_paper"]
        widgets = {"exception_approved_on": DateInput}
        labels = {
            "exception_approved_on": "Panel approved the exception on",
            "exception_paper": "Panel paper approving it",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The verb says what is missing, in the same words at every door.
        self.fields["exception_approved_on"].required = False
        self.fields["exception_paper"].required = False


def approve_exception(request, item, form):
    data = form.cleaned_data
    item.record_exception_approval(
        approved_on=data["exception_approved_on"], paper=data["exception_paper"], reason=data["reason"]
    )
    return f"item-{item.pk}", f"The Panel’s approval of {item.label} as an exception is recorded."


def exception_title(item) -> str:
    return f"Record the Panel’s approval of {item.label} as an exception"


exception_approve = row_view(
    "releases.change_scopeitem",
    ScopeItem,
    ExceptionApprovalForm,
    approve_exception,
    title=exception_title,
    submit="Record the approval",
    section="scope",
)


# -- what the release page needs for its in-place forms ---------------------------------------------------------


def page_context(request, release) -> dict:
    """The add forms (for a role that may add) and the messages of the saves just made, by section."""
    user = request.user
    context = {"saved_in": messages_by_section(request)}
    url = lambda name: reverse(name, kwargs={"slug": release.slug})  # noqa: E731
    if user.has_perm("releases.add_costbreakdownline"):
        context["cost_line_form"] = CostLineAddForm(release=release)
        context["cost_line_action"] = url("releases:cost-line-add")
    if user.has_perm("releases.add_secascost"):
        context["secas_cost_form"] = SecasCostAddForm(release=release)
        context["secas_cost_action"] = url("releases:secas-cost-add")
    if user.has_perm("releases.add_milestone") and Milestone.may_plan(user):
        context["milestone_form"] = MilestoneAddForm(release=release)
        context["milestone_action"] = url("releases:milestone-add")
    if user.has_perm("acceptance.add_risk"):
        from acceptance.forms import RiskAddForm

        context["risk_form"] = RiskAddForm(release=release)
        context["risk_action"] = url("acceptance:risk-add")
    context["criterion_changes"] = list(release.criterion_changes.select_related("recorded_by"))
    if user.has_perm("acceptance.add_criterion"):
        from acceptance.forms import CriterionAddForm
        from acceptance.models import release_is_baselined

        context["criterion_form"] = CriterionAddForm(release=release)
        context["criteria_baselined"] = release_is_baselined(release)
        context["criterion_action"] = url("acceptance:criterion-add")
    return context
