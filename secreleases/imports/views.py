"""The browser's import: the upload form (shown by the app whose data it is), the preview, the confirmation."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .core import IMPORTERS, ImportStale, UploadRefused, preview
from .core import confirm as apply_import
from .models import SpreadsheetImport


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="What the spreadsheet is", widget=forms.RadioSelect)
    file = forms.FileField(
        label="Spreadsheet (.xlsx or .csv)", help_text="Its first row names the columns, as the downloads do."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.importers = [importer for importer in IMPORTERS.values() if importer.may_import(user)]
        self.fields["kind"].choices = [(importer.kind, importer.label) for importer in self.importers]
        if len(self.importers) == 1:
            self.fields["kind"].initial = self.importers[0].kind


def upload_page(request, *, release, back_url: str):
    """The upload form for a release; a valid upload is previewed and the preview shown."""
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.importers:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            made = preview(form.cleaned_data["kind"], form.cleaned_data["file"], release=release.slug, request=request)
        except UploadRefused as refused:
            form.add_error("file", str(refused))
        else:
            return HttpResponseRedirect(made.get_absolute_url(), status=303)
    context = {"form": form, "release": release, "back_url": back_url, "importers": form.importers}
    return render(request, "integrations/import_upload.html", context, status=400 if form.errors else 200)


def own_import(request, pk) -> SpreadsheetImport:
    upload = get_object_or_404(SpreadsheetImport.objects.select_related("uploaded_by"), pk=pk, uploaded_by=request.user)
    if upload.kind not in IMPORTERS or not IMPORTERS[upload.kind].may_import(request.user):
        raise PermissionDenied
    return upload


def preview_page(request, pk):
    upload = own_import(request, pk)
    rows = upload.outcomes
    context = {
        "upload": upload,
        "importer": IMPORTERS[upload.kind],
        "counts": upload.counts(),
        "changes": [row for row in rows if row["action"] == "change"],
        "new": [row for row in rows if row["action"] == "new"],
        "refused": [row for row in rows if row["action"] == "refused"],
        "expired": upload.expires_at < timezone.now(),
    }
    context["can_apply"] = not upload.applied_at and not context["expired"] and (context["changes"] or context["new"])
    return render(request, "integrations/import_preview.html", context)


@require_POST
def confirm_page(request, pk):
    upload = own_import(request, pk)
    try:
        apply_import(upload.pk, request=request)
    except ImportStale as stale:
        messages.error(request, " ".join(stale.messages))
    else:
        counts = upload.counts()
        messages.success(
            request,
            f"Imported {upload.file_name}: {counts['change']} changed, {counts['new']} added; "
            f"{counts['refused']} refused row(s) left out.",
        )
    return HttpResponseRedirect(upload.get_absolute_url(), status=303)
