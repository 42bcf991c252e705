"""The endpoint form SECAS fills in the browser: the same checks as the API (webhooks/api.py)."""

from django import forms

from .choices import SUBSCRIBABLE
from .models import WebhookEndpoint
from .targets import TargetRefused, check_url


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=[(kind.value, kind.label) for kind in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
        help_text="What this endpoint receives.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "active"]
        widgets = {"url": forms.URLInput(attrs={"placeholder": "https://…"})}

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_url(url, resolve=False)
        except TargetRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return url

    def clean_events(self):
        order = [kind.value for kind in SUBSCRIBABLE]
        return sorted(set(self.cleaned_data["events"]), key=order.index)
