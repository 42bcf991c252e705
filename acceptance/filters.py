"""One FilterSet per model, for the API and the browser pages alike."""

import django_filters as filters

from .choices import Assessment
from .models import Criterion, ReadinessReport, Risk


class CriterionFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=Assessment.choices)

    class Meta:
        model = Criterion
        fields = ["category", "reviewer", "status"]


class RiskFilter(filters.FilterSet):
    class Meta:
        model = Risk
        fields = ["kind", "status"]


class ReadinessReportFilter(filters.FilterSet):
    withdrawn = filters.BooleanFilter(field_name="withdrawn_on", lookup_expr="isnull", exclude=True)
    as_at_after = filters.DateFilter(field_name="as_at", lookup_expr="gte")
    as_at_before = filters.DateFilter(field_name="as_at", lookup_expr="lte")

    class Meta:
        model = ReadinessReport
        fields = ["withdrawn"]
