"""SECAS assesses criteria and the DCC records readiness, on the release page, through the models' verbs."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from secreleases.clock import today
from secreleases.models import related_model
from secreleases.pages import add_rule_error, form_page, saved

from . import forms
from .models import Criterion, ReadinessReport


@permission_required("acceptance.change_criterion", raise_exception=True)
def criterion_assess(request, slug, pk):
    criterion = get_object_or_404(Criterion.objects.select_related("release"), pk=pk, release__slug=slug)
    form = forms.CriterionAssessForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            criterion.assess(
                status=form.cleaned_data["status"],
                evidence=form.cleaned_data["evidence"],
                by=request.user,
                on=today(),
            )
        except ValidationError as error:
            add_rule_error(form, error)
        else:
            return saved(request, criterion.release, f"criterion-{criterion.pk}", f"{criterion} assessed.")
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


@permission_required("acceptance.add_readinessreport", raise_exception=True)
def readiness_add(request, slug):
    release = get_object_or_404(related_model(ReadinessReport, "release"), slug=slug)
    previous = ReadinessReport.objects.latest_for(release)
    names = [c.name for c in previous.components.all()] if previous else list(forms.STANDARD_COMPONENTS)
    form = forms.ReadinessReportForm(request.POST or None, release=release)
    formset = forms.ReadinessComponentFormSet(
        request.POST or None, instance=form.instance, initial=[{"name": name} for name in names], prefix="components"
    )
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
            return saved(request, release, "readiness", f"Readiness as at {report.as_at:%-d %B %Y} recorded.")
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
