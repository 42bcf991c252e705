"""Modifications by canonical reference (any spelling finds them) and DCC Change Requests."""

from django.db.models import F, Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action

from releases.api.base import readable_by
from releases.api.history import HistoryEntrySerializer, HistoryPagination, MergedHistory, Source
from releases.api.views import CrudViewSet, crud_schema, history_response
from releases.models import ScopeItem

from ..filters import ChangeRequestFilter, ModificationFilter
from ..models import (
    ChangeRequest,
    CrDependency,
    DocumentImpact,
    KeyDate,
    Modification,
    ModificationAlias,
    ParticipantImpact,
)
from .serializers import ChangeRequestSerializer, ModificationDetailSerializer, ModificationSerializer

REFERENCE = OpenApiParameter(
    "reference",
    str,
    OpenApiParameter.PATH,
    description="The canonical reference (SECMP0062, MP102A, DP124) or another spelling (SEC Mod 62).",
)


@crud_schema("modification", destroy_409="Deletes the modification; 409 once it has been in any release's scope.")
@extend_schema(parameters=[REFERENCE])
class ModificationViewSet(CrudViewSet):
    """SEC modifications; a detail shows where the modification is and has been, release by release."""

    queryset = Modification.objects.all()
    permission_model = Modification
    filterset_class = ModificationFilter
    search_fields = ["reference", "title", "aliases__normalised", "summary"]
    ordering_fields = ["reference", "phase", "updated_at"]
    lookup_field = "reference"
    lookup_value_regex = "[^/]+"
    etag_related = ("scope_items", "aliases")

    def get_serializer_class(self):
        return ModificationSerializer if self.action == "list" else ModificationDetailSerializer

    def get_queryset(self):
        modifications = Modification.objects.with_listing_data()
        if self.action != "list":
            places = ScopeItem.objects.select_related("release").order_by(
                F("release__implementation_date").asc(nulls_last=True), "added_on", "pk"
            )
            modifications = modifications.prefetch_related(Prefetch("scope_items", queryset=places))
        return readable_by(modifications, self.request.user)

    def get_object(self):
        """Any spelling finds the record; the answer is the canonical one."""
        modification = self.get_queryset().by_reference(self.kwargs["reference"])
        self.check_object_permissions(self.request, modification)
        return modification

    @extend_schema(
        responses=HistoryEntrySerializer(many=True),
        description="Who changed the modification, its aliases, key dates, impacts and scope items, newest first.",
    )
    @action(detail=True, methods=["get"], pagination_class=HistoryPagination, filter_backends=[])
    def history(self, request, reference=None):
        modification = self.get_object()
        return history_response(self, modification_history(modification))


def modification_history(modification) -> MergedHistory:
    pk = modification.pk
    return MergedHistory(
        [
            Source("modification", Modification, {"id": pk}, label=lambda r: r.reference),
            Source("alias", ModificationAlias, {"modification_id": pk}, label=lambda r: r.alias),
            Source(
                "scope_item",
                ScopeItem,
                {"modification_id": pk},
                related=("release",),
                label=lambda r: f"{r.part or 'whole'} in {r.release.name}",
            ),
            Source("key_date", KeyDate, {"modification_id": pk}, label=lambda r: r.event),
            Source("participant_impact", ParticipantImpact, {"modification_id": pk}, label=lambda r: r.participant),
            Source(
                "document_impact",
                DocumentImpact,
                {"modification_id": pk},
                related=("document",),
                label=lambda r: r.document.code,
            ),
            Source(
                "cr_dependency",
                CrDependency,
                {"modification_id": pk},
                related=("change_request",),
                label=lambda r: r.change_request.number or "CRTBC",
            ),
        ]
    )


@crud_schema("change request")
class ChangeRequestViewSet(CrudViewSet):
    """DCC Change Requests: implemented alongside a release, not part of its scope."""

    queryset = ChangeRequest.objects.all()
    permission_model = ChangeRequest
    serializer_class = ChangeRequestSerializer
    filterset_class = ChangeRequestFilter
    search_fields = ["number", "title", "description"]
    ordering_fields = ["number", "title", "originator"]

    def get_queryset(self):
        return readable_by(ChangeRequest.objects.for_listing(), self.request.user)
