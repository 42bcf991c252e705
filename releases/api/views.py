"""Thin viewsets: each names its queryset, serializer and FilterSet; the models carry the rules."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from modifications.api.serializers import ChangeRequestSerializer
from modifications.filters import ChangeRequestFilter
from modifications.models import ChangeRequest
from secreleases.api.base import (
    SLUG_PATTERN,
    ApiViewSet,
    CrudViewSet,
    ListMixin,
    ReleaseChildViewSet,
    ReleaseScopedMixin,
    WithdrawOnDelete,
    crud_schema,
    withdraw_schema,
)
from secreleases.api.history import HistoryEntrySerializer, HistoryPagination, history_response

from ..filters import DecisionFilter, MilestoneFilter, ReleaseFilter, ScopeItemFilter
from ..history import release_history
from ..models import Decision, Milestone, Release, ScopeItem
from ..services import release_dashboard
from .asat import AsAtMixin
from .dashboard import DashboardSerializer
from .serializers import (
    DecisionSerializer,
    MilestoneSerializer,
    ReleaseSerializer,
    ScopeItemSerializer,
    ScopeMoveSerializer,
)


@crud_schema(
    "release",
    destroy_409="Deletes the release; 409 while it has baselined RIDs or scope items that must stay.",
)
class ReleaseViewSet(AsAtMixin, CrudViewSet):
    """SEC Releases, by slug."""

    queryset = Release.objects.all()
    serializer_class = ReleaseSerializer
    filterset_class = ReleaseFilter
    search_fields = ["name", "slug", "summary"]
    ordering_fields = ["implementation_date", "name", "status", "updated_at"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    @extend_schema(
        responses=DashboardSerializer,
        description="The go/no-go roll-up the Panel dashboard shows (rule 6); `?as_at=` as it stood that day.",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def dashboard(self, request, slug=None):
        release = self.get_object()
        roll_up = release_dashboard(release, self.record_as_at)
        return Response(DashboardSerializer(roll_up, context={"request": request}).data)

    @extend_schema(
        responses=HistoryEntrySerializer(many=True),
        description="Who changed what and when: the release and everything in it, newest first.",
    )
    @action(detail=True, methods=["get"], pagination_class=HistoryPagination, filter_backends=[])
    def history(self, request, slug=None):
        return history_response(self, release_history(self.get_object()))


@crud_schema(
    "scope item",
    destroy_409=(
        "Removes the item from scope: it stays, as `removed`, in the release's history (`?reason=` says why). "
        "409 if it is not active."
    ),
)
class ScopeItemViewSet(AsAtMixin, ReleaseScopedMixin, CrudViewSet):
    """A release's scope: modifications (or parts) with their inclusion, cut-off and fall-back."""

    queryset = ScopeItem.objects.all()
    serializer_class = ScopeItemSerializer
    filterset_class = ScopeItemFilter
    search_fields = ["modification__reference", "modification__title", "part", "status_note"]
    ordering_fields = ["modification__reference", "cut_off_date", "added_on", "inclusion"]

    def get_queryset(self):
        # Ordered within one release; ordering by the release itself would expand its own Meta ordering.
        items = ScopeItem.objects.for_api().order_by("modification__reference", "part", "pk")
        return self.in_release(items)

    def perform_destroy(self, instance):
        instance.remove(reason=self.request.query_params.get("reason") or "Removed through the API")

    @extend_schema(
        request=ScopeMoveSerializer,
        responses={201: ScopeItemSerializer},
        description=(
            "Defers this item here and makes a new targeted item in the release named by `to`; "
            "answers with the new item."
        ),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def move(self, request, release_slug=None, pk=None):
        move = ScopeMoveSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        with transaction.atomic():
            item = self.locked_object()
            new_item = item.move_to(move.validated_data["to"], reason=move.validated_data.get("reason", ""))
        new_item = ScopeItem.objects.for_api().get(pk=new_item.pk)
        return Response(ScopeItemSerializer(new_item, context=self.get_serializer_context()).data, status=201)


class ReleaseChangeRequestViewSet(ReleaseScopedMixin, ListMixin, ApiViewSet):
    """DCC Change Requests implemented alongside this release (not part of its scope)."""

    queryset = ChangeRequest.objects.all()
    serializer_class = ChangeRequestSerializer
    filterset_class = ChangeRequestFilter
    search_fields = ["number", "title"]
    ordering_fields = ["number", "title"]

    def get_queryset(self):
        return self.in_release(ChangeRequest.objects.for_listing())


@crud_schema("milestone")
class MilestoneViewSet(AsAtMixin, ReleaseChildViewSet):
    """The implementation timetable and the DCC's milestone tracker (planned, forecast, BRAG)."""

    queryset = Milestone.objects.all()
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    search_fields = ["event", "notes"]
    ordering_fields = ["date", "forecast_date", "position"]

    def perform_destroy(self, instance):
        reason = self.request.query_params.get("reason") or "Removed through the API"
        instance.remove(by=self.request.user, reason=reason)


@withdraw_schema("recommendation or decision")
class DecisionViewSet(AsAtMixin, WithdrawOnDelete, ReleaseChildViewSet):
    """Sub-committee recommendations (go, no-go, go with conditions) and the Panel's decision (go, no-go, defer)."""

    queryset = Decision.objects.all()
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    search_fields = ["paper", "notes"]
    ordering_fields = ["date"]
