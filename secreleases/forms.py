"""What the browser forms share: date inputs, and the version a form was read at (secreleases.concurrency);
and the API token form."""

import datetime

from django import forms
from django.utils import timezone

from .concurrency import row_version


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# A form whose verb needs a reason leaves the field optional here: the verb refuses a blank one, in the same
# words at every door (the API, the admin, this form).


class OwnIds:
    """Field ids of their own (`add-risk-kind`, `risk-7-kind`), so several forms open on one page (the release
    page's add forms, a row's form swapped in) never share an id and each label names its own field."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            instance = kwargs.get("instance")
            row = f"-{instance.pk}" if instance is not None and instance.pk else ""
            kwargs.setdefault("auto_id", f"{self.id_prefix}{row}-%s")
        super().__init__(*args, **kwargs)


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


class ApiTokenForm(forms.Form):
    """A new API token: what it is for, whether it may write, and when it stops working."""

    EXPIRIES = [("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year"), ("never", "Never")]

    name = forms.CharField(max_length=100, help_text="What will use it, e.g. “DCC release tooling”.")
    read_only = forms.BooleanField(
        required=False, label="Read only", help_text="It may read, never write, whatever your role allows."
    )
    expires = forms.ChoiceField(choices=EXPIRIES, initial="90")

    def expires_at(self):
        choice = self.cleaned_data["expires"]
        return None if choice == "never" else timezone.now() + datetime.timedelta(days=int(choice))
