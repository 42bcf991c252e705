"""One FilterSet per model, for the API and the browser pages alike."""

import django_filters as filters
from django.db.models import Q

from .choices import Impact, Originator, Phase, Route
from .models import ChangeRequest, Modification


class ModificationFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="search_text", label="Reference, alias or title")
    phase = filters.MultipleChoiceFilter(choices=Phase.choices)
    route = filters.MultipleChoiceFilter(choices=Route.choices)
    impacts_dcc_systems = filters.BooleanFilter()
    impacts_duis = filters.ChoiceFilter(choices=Impact.choices)
    impacts_gbcs = filters.ChoiceFilter(choices=Impact.choices)
    impacts_ch_firmware = filters.ChoiceFilter(choices=Impact.choices)
    release = filters.CharFilter(
        field_name="scope_items__release__slug", distinct=True, help_text="Has (had) a scope item in this release."
    )

    class Meta:
        model = Modification
        fields = ["q", "phase", "route", "impacts_dcc_systems"]

    def search_text(self, queryset, name, value):
        from .references import squash

        key = squash(value)
        return queryset.filter(
            Q(reference__icontains=key) | Q(aliases__normalised__icontains=key) | Q(title__icontains=value.strip())
        ).distinct()


# The API's name for the same FilterSet.
ModificationFilter = ModificationFilterSet


class ChangeRequestFilter(filters.FilterSet):
    number = filters.CharFilter(method="by_number", help_text="e.g. CR1145 (any case).")
    originator = filters.MultipleChoiceFilter(choices=Originator.choices)
    release = filters.CharFilter(field_name="release__slug")
    modification = filters.CharFilter(field_name="modification__reference", lookup_expr="iexact")
    number_tbc = filters.BooleanFilter(field_name="number", lookup_expr="isnull")

    class Meta:
        model = ChangeRequest
        fields = ["number", "originator", "duis_schema_change", "duis_document_change"]

    def by_number(self, queryset, name, value):
        from .references import normal_cr_number

        return queryset.filter(number=normal_cr_number(value))
