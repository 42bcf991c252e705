"""One FilterSet per model, for the API and the browser pages alike."""

import django_filters as filters

from .choices import Brag, Inclusion, ReleaseStatus
from .models import Decision, Milestone, Release, ScopeItem


class ReleaseFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=ReleaseStatus.choices)
    implementation_after = filters.DateFilter(field_name="implementation_date", lookup_expr="gte")
    implementation_before = filters.DateFilter(field_name="implementation_date", lookup_expr="lte")
    implementation_date_unknown = filters.BooleanFilter(field_name="implementation_date", lookup_expr="isnull")

    class Meta:
        model = Release
        fields = ["status"]


class ScopeItemFilter(filters.FilterSet):
    inclusion = filters.MultipleChoiceFilter(choices=Inclusion.choices)
    modification = filters.CharFilter(field_name="modification__reference", lookup_expr="iexact")
    cut_off_after = filters.DateFilter(field_name="cut_off_date", lookup_expr="gte")
    cut_off_before = filters.DateFilter(field_name="cut_off_date", lookup_expr="lte")
    is_exception = filters.BooleanFilter()
    impacts_dcc_systems = filters.BooleanFilter(field_name="modification__impacts_dcc_systems")

    class Meta:
        model = ScopeItem
        fields = ["inclusion", "is_exception"]


class MilestoneFilter(filters.FilterSet):
    brag = filters.MultipleChoiceFilter(choices=Brag.choices)
    date_after = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Milestone
        fields = ["kind", "brag", "owner"]


class DecisionFilter(filters.FilterSet):
    withdrawn = filters.BooleanFilter(field_name="withdrawn_on", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Decision
        fields = ["body", "outcome", "withdrawn"]
