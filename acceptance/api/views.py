"""Criteria, risks and readiness reports under releases/{slug}/."""

from django.db.models import Prefetch

from releases.api.asat import AsAtMixin
from secreleases.api.base import ReleaseChildViewSet, WithdrawOnDelete, crud_schema, withdraw_schema

from ..filters import CriterionFilter, ReadinessReportFilter, RiskFilter
from ..models import Criterion, ReadinessComponent, ReadinessReport, Risk
from .serializers import CriterionSerializer, ReadinessReportSerializer, RiskSerializer


@crud_schema("criterion")
class CriterionViewSet(AsAtMixin, ReleaseChildViewSet):
    """The release's own acceptance criteria and their assessment."""

    queryset = Criterion.objects.all()
    serializer_class = CriterionSerializer
    filterset_class = CriterionFilter
    search_fields = ["text", "evidence"]
    ordering_fields = ["category", "number", "status"]

    def get_queryset(self):
        return super().get_queryset().select_related("assessed_by")


@crud_schema("risk")
class RiskViewSet(AsAtMixin, ReleaseChildViewSet):
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
