"""The RID pages: the draft preview, the baselines with their PDFs, baselining, comparing, history."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from secreleases.clock import today

from ..choices import ACTIVE_INCLUSIONS
from ..models import Release, RidVersion
from ..models.rid import VERSION_HELP, VERSION_MAX_LENGTH, check_version, version_key
from .assemble import assemble
from .baseline import RETRY_AFTER_SECONDS, baseline, pdf_response
from .diff import compare
from .docx import DOCX_CONTENT_TYPE, render_docx
from .render import render_pdf
from .schema import readable

BASELINE = "releases.add_ridversion"
may_view = permission_required("releases.view_ridversion", raise_exception=True)
may_baseline = permission_required(BASELINE, raise_exception=True)


class BaselineForm(forms.Form):
    version = forms.CharField(max_length=VERSION_MAX_LENGTH, help_text=f"e.g. 1.1. {VERSION_HELP}")
    changes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="The version control line.")
    baselined_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Baselined by the Panel on")
    dated = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Version date",
        help_text="The date the version carries; empty: the baseline date.",
    )
    paper = forms.CharField(required=False, max_length=60, help_text="e.g. SECP_76_1701_23")

    def __init__(self, *args, release=None, **kwargs):
        super().__init__(*args, **kwargs)
        if release is not None and not self.is_bound:
            self.initial.setdefault("version", next_version(release))
            self.initial.setdefault("baselined_on", today().isoformat())

    def clean_version(self):
        try:
            return check_version(self.cleaned_data["version"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["version"]) from error


def next_version(release) -> str:
    versions = list(release.rid_versions.values_list("version", flat=True))
    if not versions:
        return "1.0"
    major, minor = max(map(version_key, versions))
    return f"{major}.{minor + 1}"


def baselines_of(release):
    return list(release.rid_versions.select_related("created_by", "pdf").in_version_order())


def changes_since_last_baseline(release, versions) -> dict | None:
    """The latest baseline made here, against the release as it is now (its snapshot to today's draft)."""
    made = [v for v in versions if v.has_pdf]
    if not made:
        return None
    latest = max(made, key=lambda v: version_key(v.version))
    diff = compare(latest.snapshot, assemble(release))
    say_where_they_went(release, diff["scope"]["removed"])
    return {"version": latest, "diff": diff}


def say_where_they_went(release, removed_rows) -> None:
    """An item that left the scope since the baseline: moved, lapsed or removed, and why (its history's words)."""
    if not removed_rows:
        return
    closed = {
        item.label: item
        for item in release.scope_items.exclude(inclusion__in=ACTIVE_INCLUSIONS).select_related("modification")
    }
    for row in removed_rows:
        item = closed.get(row["item"])
        if item is not None:
            row["now"] = f"{item.get_inclusion_display()}: {item.change_reason}" if item.change_reason else ""


@require_GET
@may_view
def rid_page(request, slug):
    release = get_object_or_404(Release, slug=slug)
    versions = baselines_of(release)
    baselines = [v for v in versions if v.is_baseline]
    return render(
        request,
        "rid/rid_page.html",
        {
            "release": release,
            "versions": versions,
            "baselines": baselines,
            "comparable": [v for v in baselines if v.snapshot is not None],
            "form": BaselineForm(release=release) if request.user.has_perm(BASELINE) else None,
            "since": changes_since_last_baseline(release, versions),
        },
    )


@require_GET
@may_view
def rid_preview(request, slug):
    release = get_object_or_404(Release, slug=slug)
    return render(
        request, "rid/preview.html", {"release": release, "rid": assemble(release), "assembled_at": timezone.now()}
    )


@require_GET
@may_view
def rid_preview_pdf(request, slug):
    """The draft as a PDF, rendered now from live data and not kept (see the README: about a second)."""
    release = get_object_or_404(Release, slug=slug)
    content = render_pdf(assemble(release))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{release.slug}-rid-draft.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@may_baseline
def rid_baseline(request, slug):
    release = get_object_or_404(Release, slug=slug)
    form = BaselineForm(request.POST, release=release)
    if form.is_valid():
        try:
            row = baseline(release, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items() if hasattr(error, "error_dict") else []:
                form.add_error(field if field in form.fields else None, problems)
            if not hasattr(error, "error_dict"):
                form.add_error(None, error.messages)
        else:
            messages.success(request, f"Version {row.version} is baselined; its PDF is being rendered.")
            return redirect("releases:rid", slug=release.slug)
    versions = baselines_of(release)
    baselines = [v for v in versions if v.is_baseline]
    context = {
        "release": release,
        "versions": versions,
        "baselines": baselines,
        "comparable": [v for v in baselines if v.snapshot is not None],
        "form": form,
        "since": changes_since_last_baseline(release, versions),
    }
    return render(request, "rid/rid_page.html", context, status=400)


def frozen_version(slug, version) -> RidVersion:
    rid = get_object_or_404(RidVersion.objects.select_related("release"), release__slug=slug, version=version)
    if not rid.has_pdf:
        raise Http404("This version was transcribed from a paper; there is no snapshot of it here.")
    return rid


@require_GET
@may_view
def rid_version(request, slug, version):
    rid = frozen_version(slug, version)
    return render(request, "rid/version.html", {"release": rid.release, "version": rid, "rid": readable(rid.snapshot)})


@require_GET
@may_view
def rid_pdf(request, slug, version):
    """The stored PDF; while it is being rendered, a page that says so and reloads itself."""
    rid = frozen_version(slug, version)

    def waiting(pdf, status):
        context = {"release": rid.release, "version": rid, "pdf": pdf, "refresh": RETRY_AFTER_SECONDS}
        response = render(request, "rid/rendering.html", context, status=status)
        if status == 202:
            response["Refresh"] = str(RETRY_AFTER_SECONDS)
        return response

    return pdf_response(rid, waiting)


@require_GET
@may_view
def rid_compare(request, slug):
    release = get_object_or_404(Release, slug=slug)
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    rows = {
        v.version: v
        for v in RidVersion.objects.baselines().filter(release=release, version__in=[a, b], snapshot__isnull=False)
    }
    if a not in rows or b not in rows:
        raise Http404("Choose two baselines of this release that have a snapshot.")
    return render(
        request,
        "rid/compare.html",
        {"release": release, "a": rows[a], "b": rows[b], "diff": compare(rows[a].snapshot, rows[b].snapshot)},
    )


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@may_view
def rid_docx(request, slug, version):
    """The baseline as a Word document, built from the frozen snapshot (the same source as its PDF)."""
    rid = frozen_version(slug, version)
    return docx_response(render_docx(rid.snapshot), f"{rid.release.slug}-rid-v{rid.version}.docx")


@require_GET
@may_view
def rid_preview_docx(request, slug):
    """The draft as a Word document, built now from live data and not kept."""
    release = get_object_or_404(Release, slug=slug)
    response = docx_response(render_docx(assemble(release)), f"{release.slug}-rid-draft.docx")
    response["Cache-Control"] = "no-store"
    return response
