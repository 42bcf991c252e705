"""`?as_at=YYYY-MM-DD` on the browser pages: the date picker, its error, the banner and the read-only page.

A page reads the record through releases.asat. A date it cannot read leaves the page on the live
record with the error beside the picker (400), never a 500; a release that did not exist yet is a 404.
As at a day the page is read-only: `page_perms` answers no to every permission, so the templates'
`perms.…` checks drop every edit control without a second set of conditions.
"""

from django import forms
from django.contrib.auth.context_processors import PermWrapper
from django.http import Http404

from .asat import AS_AT_FORMAT, AsAtError, RecordAsAt, as_at_day
from .models import Release


class AsAtForm(forms.Form):
    as_at = forms.DateField(
        label="See the record as at",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": AS_AT_FORMAT},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Shows what the record said at the end of that day (UK time), read-only. Empty: today's record.",
    )

    def clean_as_at(self):
        try:
            return as_at_day(self.cleaned_data.get("as_at"))
        except AsAtError as error:
            raise forms.ValidationError(error.reason) from None


class NoPermissions:
    """`perms` for a page of the past: every `perms.app.codename` is False, so no edit control shows."""

    def __getitem__(self, app_label):
        return self

    def __contains__(self, perm):
        return False

    def __bool__(self):
        return False

    def __iter__(self):
        return iter(())


def record_asked(request) -> tuple[RecordAsAt, AsAtForm]:
    """The record the request asks for (live without ?as_at or when the date is bad) and the picker."""
    form = AsAtForm(request.GET if "as_at" in request.GET else None)
    if form.is_bound and form.is_valid():
        return RecordAsAt(form.cleaned_data["as_at"]), form
    return RecordAsAt(None), form


def as_at_context(request, record: RecordAsAt, form: AsAtForm) -> dict:
    """What the banner, the picker and the links that keep the day need; `page_perms` for the templates."""
    return {
        "as_at": record.day,
        "as_at_record": record,
        "as_at_form": form,
        "as_at_query": f"?as_at={record.query_value()}" if record.day else "",
        # For links that carry other parameters too (downloads: ?format=csv&kind=timetable&as_at=...).
        "as_at_param": f"as_at={record.query_value()}" if record.day else "",
        "as_at_and": f"&as_at={record.query_value()}" if record.day else "",
        "page_perms": NoPermissions() if record.day else PermWrapper(request.user),
    }


def as_at_status(form: AsAtForm) -> int:
    """A page whose date could not be read answers 400, with the reason beside the picker."""
    return 400 if form.is_bound and form.errors else 200


def release_as_at_or_404(record: RecordAsAt, slug: str) -> Release:
    try:
        return record.release(slug)
    except Release.DoesNotExist:
        if record.is_live:
            raise Http404("No such release.") from None
        raise Http404(f"This release did not exist yet at {record.label}.") from None
