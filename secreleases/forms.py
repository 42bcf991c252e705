"""What the browser forms share: date inputs, and the refusal to save over someone else's newer edit."""

from django import forms
from django.core.exceptions import ValidationError

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
