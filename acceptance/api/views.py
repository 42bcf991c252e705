"""Criteria, risks and readiness reports under releases/{slug}/."""

from django.db.models import Prefetch
from django.utils.dateparse import parse_date
from rest_framework.exceptions import ValidationError as BadInput

from secreleases.api.base import ReleaseChildViewSet, WithdrawOnDelete, crud_schema, withdraw_schema

from ..filters import CriterionFilter, ReadinessReportFilter, RiskFilter
from ..models import Criterion, ReadinessComponent, ReadinessReport, Risk
from .serializers import CriterionSerializer, ReadinessReportSerializer, RiskSerializer


def parse_date_parameter(value, name):
    if not value:
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        raise BadInput({name: ["Give a date as YYYY-MM-DD."]})
    return parsed


@crud_schema(
    "criterion",
    destroy_409="Removes the criterion from the release's set: `?reason=` is required, and `?approved_on=` and "
    "`?paper=` (the Panel's approval) once the RID is baselined. Its wording stays in the amendments.",
)
class CriterionViewSet(ReleaseChildViewSet):
    """The release's own acceptance criteria and their assessment."""

    queryset = Criterion.objects.all()
    serializer_class = CriterionSerializer
    filterset_class = CriterionFilter
    search_fields = ["text", "evidence"]
    ordering_fields = ["category", "number", "status"]

    def get_queryset(self):
        return super().get_queryset().select_related("assessed_by")

    def perform_destroy(self, instance):
        """DELETE removes it by the verb: `?reason=` (required), and `?approved_on=&paper=` on a baselined RID."""
        params = self.request.query_params
        approved_on = parse_date_parameter(params.get("approved_on"), "approved_on")
        instance.remove(
            reason=params.get("reason", ""),
            approved_on=approved_on,
            paper=params.get("paper", ""),
            by=self.request.user,
        )


@crud_schema("risk")
class RiskViewSet(ReleaseChildViewSet):
    """Residual risks set out for the go/no-go and the risk/issue log."""

    queryset = Risk.objects.all()
    serializer_class = RiskSerializer
    filterset_class = RiskFilter
    search_fields = ["description", "mitigations", "views"]
    ordering_fields = ["kind", "status"]


@withdraw_schema("readiness report")
class ReadinessReportViewSet(WithdrawOnDelete, ReleaseChildViewSet):
    """The DCC's component readiness ("Harvey balls") as at a date; each report is kept."""

    queryset = ReadinessReport.objects.all()
    serializer_class = ReadinessReportSerializer
    filterset_class = ReadinessReportFilter
    search_fields = ["source"]
    ordering_fields = ["as_at"]

    def get_queryset(self):
        components = ReadinessComponent.objects.order_by("position", "pk")
        return super().get_queryset().prefetch_related(Prefetch("components", queryset=components))
