"""What the browser forms share: date inputs, and the refusal to save over someone else's newer edit; and the
API token form."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

STALE_EDIT_MESSAGE = (
    "Someone else saved a newer version of this while you were editing. "
    "Your change was not saved: reload the page to see theirs, then make yours again."
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class StaleEditCheck(forms.ModelForm):
    """Optimistic locking: refuse a save over someone else's newer edit of the same row."""

    last_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["last_seen"] = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            stored = (
                type(self.instance).objects.filter(pk=self.instance.pk).values_list("updated_at", flat=True).first()
            )
            if stored is None or stored.isoformat() != cleaned.get("last_seen"):
                raise ValidationError(STALE_EDIT_MESSAGE, code="stale")
        return cleaned


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
