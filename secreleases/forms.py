"""What the browser forms share: date inputs, and the version a form was read at (secreleases.concurrency)."""

from django import forms

from .concurrency import row_version


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# A form whose verb needs a reason leaves the field optional here: the verb refuses a blank one, in the same
# words at every door (the API, the admin, this form).


class VersionedForm(forms.ModelForm):
    """A form that edits a stored row carries the version it was read at; the save compares it under the lock."""

    last_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["last_seen"] = row_version(self.instance)

    @property
    def seen_version(self) -> str:
        return self.cleaned_data.get("last_seen") or ""
