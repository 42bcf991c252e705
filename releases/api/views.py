"""Thin viewsets: each names its queryset, serializer and FilterSet; the models carry the rules."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from modifications.api.serializers import ChangeRequestSerializer
from modifications.filters import ChangeRequestFilter
from modifications.models import ChangeRequest

from ..filters import DecisionFilter, MilestoneFilter, ReleaseFilter, ScopeItemFilter
from ..models import Decision, Milestone, Release, ScopeItem
from ..services import release_dashboard
from .base import (
    BodyEtagMixin,
    ConditionalMixin,
    RolePermission,
    etag_matches,
    make_etag,
    not_modified,
    readable_by,
)
from .dashboard import DashboardSerializer
from .history import HistoryEntrySerializer, HistoryPagination, release_history
from .schema import ApiSchema
from .serializers import (
    DecisionSerializer,
    MilestoneSerializer,
    ReleaseSerializer,
    ScopeItemSerializer,
    ScopeMoveSerializer,
)

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"
TIMESTAMP = serializers.DateTimeField()


def iso_date(value):
    return value.isoformat() if value is not None else None


def crud_schema(noun: str, *, destroy_409: str = "", **_):
    """What deleting means for this resource; the error answers come from ApiSchema."""
    return extend_schema_view(destroy=extend_schema(description=destroy_409 or f"Deletes the {noun}."))


class ApiViewSet(viewsets.GenericViewSet):
    schema = ApiSchema()
    permission_classes = [RolePermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


class CrudViewSet(
    ConditionalMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ApiViewSet,
):
    """List, detail, create, update, delete; ConditionalMixin's versions (ETags) come first."""


class ReleaseScopedMixin:
    """Resources nested under releases/{slug}/: the release comes from the path."""

    @cached_property
    def release(self) -> Release:
        return get_object_or_404(
            readable_by(Release.objects.all(), self.request.user), slug=self.kwargs["release_slug"]
        )

    def in_release(self, queryset):
        """Filtered by the slug in the path, without fetching the release first (one query less)."""
        return queryset.filter(release__slug=self.kwargs["release_slug"])

    def check_parent_exists(self):
        self.release  # noqa: B018 - 404 for an unknown release

    def perform_create(self, serializer):
        serializer.save(release=self.release)


@crud_schema(
    "release",
    destroy_409="Deletes the release; 409 while it has baselined RIDs or scope items that must stay.",
)
class ReleaseViewSet(CrudViewSet):
    """SEC Releases, by slug."""

    queryset = Release.objects.all()
    permission_model = Release
    serializer_class = ReleaseSerializer
    filterset_class = ReleaseFilter
    search_fields = ["name", "slug", "summary"]
    ordering_fields = ["implementation_date", "name", "status", "updated_at"]
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        return readable_by(Release.objects.all(), self.request.user)

    @extend_schema(
        responses=DashboardSerializer,
        description="The go/no-go roll-up the Panel dashboard shows (rule 6).",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def dashboard(self, request, slug=None):
        release = self.get_object()
        data = DashboardSerializer(release_dashboard(release), context={"request": request}).data
        return BodyEtagMixin().conditional(request, data)

    @extend_schema(
        responses=HistoryEntrySerializer(many=True),
        description="Who changed what and when: the release and everything in it, newest first.",
    )
    @action(detail=True, methods=["get"], pagination_class=HistoryPagination, filter_backends=[])
    def history(self, request, slug=None):
        release = self.get_object()
        return history_response(self, release_history(release))


def history_response(view, records):
    etag_source = records.etag_parts()

    etag = make_etag(view.request.path, sorted(view.request.query_params.lists()), *etag_source)
    view.known_count = records.count
    if etag_matches(view.request.headers.get("If-None-Match"), etag):
        return not_modified(etag)
    page = view.paginate_queryset(records.timeline())
    response = view.get_paginated_response(HistoryEntrySerializer(records.entries(page), many=True).data)
    response["ETag"] = etag
    return response


@crud_schema(
    "scope item",
    destroy_409=(
        "Removes the item from scope: it stays, as `removed`, in the release's history (`?reason=` says why). "
        "409 if it is not active."
    ),
)
class ScopeItemViewSet(ReleaseScopedMixin, CrudViewSet):
    """A release's scope: modifications (or parts) with their inclusion, cut-off and fall-back."""

    queryset = ScopeItem.objects.all()
    permission_model = ScopeItem
    serializer_class = ScopeItemSerializer
    filterset_class = ScopeItemFilter
    search_fields = ["modification__reference", "modification__title", "part", "status_note"]
    ordering_fields = ["modification__reference", "cut_off_date", "added_on", "inclusion"]

    def get_queryset(self):
        items = self.in_release(ScopeItem.objects.for_listing())
        return readable_by(items, self.request.user)

    list_columns = (
        "id",
        "release__slug",
        "modification__reference",
        "modification__title",
        "part",
        "inclusion",
        "cut_off_date",
        "fall_back_release__slug",
        "status_note",
        "added_on",
        "is_exception",
        "exception_approved_on",
        "exception_paper",
        "replaces_id",
        "change_reason",
        "updated_at",
    )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not queryset.query.order_by:
            # Within one release; ordering by the release itself would expand its own Meta ordering.
            queryset = queryset.order_by("modification__reference", "part", "pk")
        return queryset

    def list_row(self, row) -> dict:
        """ScopeItemSerializer's output, from a values() row (tests/api check the two agree)."""
        return {
            "id": row["id"],
            "release": row["release__slug"],
            "modification": row["modification__reference"],
            "modification_title": row["modification__title"],
            "part": row["part"],
            "inclusion": row["inclusion"],
            "cut_off_date": iso_date(row["cut_off_date"]),
            "fall_back_release": row["fall_back_release__slug"],
            "status_note": row["status_note"],
            "added_on": iso_date(row["added_on"]),
            "is_exception": row["is_exception"],
            "exception_approved_on": iso_date(row["exception_approved_on"]),
            "exception_paper": row["exception_paper"],
            "replaces": row["replaces_id"],
            "change_reason": row["change_reason"],
            "updated_at": TIMESTAMP.to_representation(row["updated_at"]),
        }

    def perform_destroy(self, instance):
        reason = self.request.query_params.get("reason") or "Removed through the API"
        instance.remove(reason=reason)

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
        item = self.get_object()
        self.check_if_match(item)
        move = ScopeMoveSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        new_item = item.move_to(
            move.validated_data["to"], reason=move.validated_data.get("reason", ""), by=request.user
        )
        new_item = ScopeItem.objects.for_listing().get(pk=new_item.pk)
        return Response(ScopeItemSerializer(new_item, context=self.get_serializer_context()).data, status=201)


@crud_schema("change request", create=False, update=False, destroy=False)
class ReleaseChangeRequestViewSet(ReleaseScopedMixin, ConditionalMixin, mixins.ListModelMixin, ApiViewSet):
    """DCC Change Requests implemented alongside this release (not part of its scope)."""

    queryset = ChangeRequest.objects.all()
    permission_model = ChangeRequest
    serializer_class = ChangeRequestSerializer
    filterset_class = ChangeRequestFilter
    search_fields = ["number", "title"]
    ordering_fields = ["number", "title"]

    def get_queryset(self):
        return readable_by(self.in_release(ChangeRequest.objects.for_listing()), self.request.user)


class ReleaseChildViewSet(ReleaseScopedMixin, CrudViewSet):
    def get_queryset(self):
        return readable_by(self.in_release(self.permission_model.objects.all()), self.request.user)


@crud_schema("milestone")
class MilestoneViewSet(ReleaseChildViewSet):
    """The implementation timetable and the DCC's milestone tracker (planned, forecast, BRAG)."""

    queryset = Milestone.objects.all()
    permission_model = Milestone
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    search_fields = ["event", "notes"]
    ordering_fields = ["date", "forecast_date", "position"]


@crud_schema("decision")
class DecisionViewSet(ReleaseChildViewSet):
    """Sub-committee recommendations (go, no-go, go with conditions) and the Panel's decision (go, no-go, defer)."""

    queryset = Decision.objects.all()
    permission_model = Decision
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    search_fields = ["paper", "notes"]
    ordering_fields = ["date"]


__all__ = [
    "DecisionViewSet",
    "MilestoneViewSet",
    "OpenApiParameter",
    "OpenApiResponse",
    "ReleaseChangeRequestViewSet",
    "ReleaseViewSet",
    "ScopeItemViewSet",
    "status",
]
