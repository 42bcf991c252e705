"""SECAS assesses criteria, the DCC records readiness and SECAS corrects or withdraws it, through the models' verbs."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import truncatechars

from secreleases.inline import add_view, row_view
from secreleases.models import related_model
from secreleases.pages import add_rule_error, form_page, saved, write_under_lock

from . import forms
from .models import Criterion, ReadinessReport, Risk


@permission_required("acceptance.change_criterion", raise_exception=True)
def criterion_assess(request, slug, pk):
    criterion = get_object_or_404(Criterion.objects.select_related("release"), pk=pk, release__slug=slug)
    form = forms.CriterionAssessForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():

        def act(row):
            data = form.cleaned_data
            return row.assess(status=data["status"], evidence=data["evidence"], by=request.user)

        if write_under_lock(form, Criterion.objects.filter(pk=criterion.pk), act):
            return saved(
                request, criterion.release, f"criterion-{criterion.pk}", f"{criterion} assessed.", section="criteria"
            )
    context = {
        "release": criterion.release,
        "form": form,
        "title": f"Assess {criterion}",
        "intro": criterion.text,
        "action": request.path,
        "submit": "Save assessment",
        "anchor": f"criterion-{criterion.pk}",
    }
    return form_page(request, context)


def component_formset(request, report, names):
    return forms.ReadinessComponentFormSet(
        request.POST or None, instance=report, initial=[{"name": name} for name in names], prefix="components"
    )


@permission_required("acceptance.add_readinessreport", raise_exception=True)
def readiness_add(request, slug):
    release = get_object_or_404(related_model(ReadinessReport, "release"), slug=slug)
    previous = ReadinessReport.objects.latest_for(release)
    names = [c.name for c in previous.components.all()] if previous else list(forms.STANDARD_COMPONENTS)
    form = forms.ReadinessReportForm(request.POST or None, release=release)
    formset = component_formset(request, form.instance, names)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            report = ReadinessReport.record(
                release=release,
                components=formset.components(),
                reason="Recorded in the browser",
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_rule_error(form, error)
        else:
            return saved(
                request,
                release,
                "readiness",
                f"Readiness as at {report.as_at:%-d %B %Y} recorded.",
                section="readiness",
            )
    context = {
        "release": release,
        "form": form,
        "formset": formset,
        "title": "Record a readiness report",
        "action": request.path,
        "submit": "Record report",
        "anchor": "readiness",
    }
    return form_page(request, context)


def get_report(slug, pk):
    return get_object_or_404(
        ReadinessReport.objects.select_related("release"), pk=pk, release__slug=slug, withdrawn_on__isnull=True
    )


@permission_required("acceptance.change_readinessreport", raise_exception=True)
def readiness_correct(request, slug, pk):
    """SECAS corrects a report and its components, saying why."""
    report = get_report(slug, pk)
    form = forms.ReadinessCorrectForm(request.POST or None, instance=report)
    # Editing in place: the rows as they are; a posted row without a name leaves the report.
    formset = forms.ReadinessComponentFormSet(request.POST or None, instance=report, prefix="components")
    if request.method == "POST" and form.is_valid() and formset.is_valid():

        def act(row):
            fields = {name: form.cleaned_data[name] for name in forms.ReadinessCorrectForm.Meta.fields}
            return row.correct(reason=form.cleaned_data["reason"], components=formset.components(), **fields)

        if write_under_lock(form, ReadinessReport.objects.filter(pk=report.pk), act):
            return saved(
                request, report.release, "readiness", "The readiness report is corrected.", section="readiness"
            )
    context = {
        "release": report.release,
        "form": form,
        "formset": formset,
        "title": f"Correct the readiness report as at {report.as_at:%-d %B %Y}",
        "action": request.path,
        "submit": "Save the correction",
        "anchor": "readiness",
    }
    return form_page(request, context)


@permission_required("acceptance.delete_readinessreport", raise_exception=True)
def readiness_withdraw(request, slug, pk):
    report = get_report(slug, pk)
    form = forms.ReadinessWithdrawForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        act = lambda row: row.withdraw(reason=form.cleaned_data["reason"])  # noqa: E731
        if write_under_lock(form, ReadinessReport.objects.filter(pk=report.pk), act):
            return saved(
                request, report.release, "readiness", "The readiness report is withdrawn.", section="readiness"
            )
    context = {
        "release": report.release,
        "form": form,
        "title": f"Withdraw the readiness report as at {report.as_at:%-d %B %Y}",
        "intro": "A withdrawn report no longer counts (the one before it is the latest again); it stays in the "
        "history with the reason.",
        "action": request.path,
        "submit": "Withdraw",
        "anchor": "readiness",
        "danger": True,
    }
    return form_page(request, context)


# -- risks and the risk/issue log: add, edit, close ------------------------------------------------------------


def add_risk(request, release, form):
    risk = Risk.add(release=release, reason="Recorded in the browser", **form.verb_fields())
    return f"risk-{risk.pk}", f"{risk.get_kind_display()} added."


def change_risk(request, risk, form):
    risk.revise(reason=form.cleaned_data["reason"] or "Changed in the browser", **form.verb_fields())
    return f"risk-{risk.pk}", f"{risk.get_kind_display()} saved."


def close_risk(request, risk, form):
    risk.close(reason=form.cleaned_data["reason"])
    return f"risk-{risk.pk}", f"{risk.get_kind_display()} closed."


risk_add = add_view(
    "acceptance.add_risk",
    forms.RiskAddForm,
    add_risk,
    title="Add a risk",
    submit="Add the risk",
    section="risks",
)
risk_change = row_view(
    "acceptance.change_risk",
    Risk,
    forms.RiskEditForm,
    change_risk,
    title=lambda risk: f"Change the risk “{truncatechars(risk.description, 60)}”",
    submit="Save",
    section="risks",
)
risk_close = row_view(
    "acceptance.change_risk",
    Risk,
    forms.RiskCloseForm,
    close_risk,
    title=lambda risk: f"Close the risk “{truncatechars(risk.description, 60)}”",
    submit="Close the risk",
    section="risks",
)


# -- the release's own criteria: add, amend, remove, each with the Panel approval that allowed it ---------------


def add_criterion(request, release, form):
    criterion = Criterion.add(release=release, by=request.user, **form.verb_arguments())
    return f"criterion-{criterion.pk}", f"{criterion} added to the criteria."


def amend_criterion(request, criterion, form):
    criterion.amend(by=request.user, **form.verb_arguments())
    return f"criterion-{criterion.pk}", f"{criterion} amended."


def remove_criterion(request, criterion, form):
    name = str(criterion)
    criterion.remove(by=request.user, **form.verb_arguments())
    return "criteria-changes", f"{name} removed from the criteria; its wording stays in the amendments."


criterion_add = add_view(
    "acceptance.add_criterion",
    forms.CriterionAddForm,
    add_criterion,
    title="Add a criterion",
    submit="Add the criterion",
    section="criteria",
)
criterion_amend = row_view(
    "acceptance.change_criterion",
    Criterion,
    forms.CriterionAmendForm,
    amend_criterion,
    title=lambda criterion: f"Amend {criterion}",
    submit="Amend",
    section="criteria",
)
criterion_remove = row_view(
    "acceptance.delete_criterion",
    Criterion,
    forms.CriterionRemoveForm,
    remove_criterion,
    title=lambda criterion: f"Remove {criterion}",
    submit="Remove the criterion",
    section="criteria",
    danger=True,
)
