"""How the browser presents the shared ModificationFilterSet: same parameters and filtering, friendlier widgets."""

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError

from secreleases.forms import VersionedForm
from secreleases.models import related_model

from .choices import Impact, Phase, Route
from .filters import ModificationFilterSet
from .models import ChangeRequest, Modification

ANY = [("", "Any")]


class ModificationSearch(ModificationFilterSet):
    q = filters.CharFilter(
        method="search_text", label="Reference, alias or title", widget=forms.TextInput(attrs={"type": "search"})
    )
    phase = filters.MultipleChoiceFilter(choices=Phase.choices, widget=forms.CheckboxSelectMultiple)
    route = filters.MultipleChoiceFilter(
        label="Governance route", choices=Route.choices, widget=forms.CheckboxSelectMultiple
    )
    release = filters.ModelChoiceFilter(
        label="Has (had) a scope item in",
        queryset=related_model(ChangeRequest, "release").objects.all(),
        to_field_name="slug",
        field_name="scope_items__release",
        distinct=True,
        empty_label="Any release",
    )
    impacts_dcc_systems = filters.BooleanFilter(
        label="Impacts DCC Systems",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
    )
    impacts_duis = filters.ChoiceFilter(label="Impacts DUIS", choices=Impact.choices, empty_label="Any")
    impacts_gbcs = filters.ChoiceFilter(label="Impacts GBCS", choices=Impact.choices, empty_label="Any")
    impacts_ch_firmware = filters.ChoiceFilter(label="Impacts CH firmware", choices=Impact.choices, empty_label="Any")


class ReferenceField(forms.CharField):
    """A modification named as the papers write it: MP084, SECMP0093, 'SEC Mod 62' all find it."""

    def clean(self, value):
        value = super().clean(value)
        try:
            return Modification.objects.by_reference(value)
        except Modification.DoesNotExist:
            raise ValidationError(f"No modification is known as “{value}”.", code="unknown") from None


class RenameForm(VersionedForm):
    """A new canonical reference (DP124 to MP124, a corrected spelling); the old one stays as an alias."""

    new_reference = forms.CharField(label="New reference", max_length=12, help_text="e.g. MP124")
    reason = forms.CharField(required=False, label="Why", max_length=2000, help_text="Kept in the history.")

    class Meta:
        model = Modification
        fields = []
