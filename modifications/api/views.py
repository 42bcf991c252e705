"""Modifications by canonical reference (any spelling finds them) and DCC Change Requests."""

from django.db import transaction
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from secreleases.api.base import CrudViewSet, crud_schema
from secreleases.api.history import HistoryEntrySerializer, HistoryPagination, history_response
from secreleases.models import related_model

from ..filters import ChangeRequestFilter, ModificationFilter
from ..history import modification_history
from ..models import ChangeRequest, Modification
from .serializers import (
    ChangeRequestSerializer,
    DecisionRecordedSerializer,
    DecisionSerializer,
    ModificationDetailSerializer,
    ModificationSerializer,
)

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
    filterset_class = ModificationFilter
    search_fields = ["reference", "title", "aliases__normalised", "summary"]
    ordering_fields = ["reference", "phase", "updated_at"]
    lookup_field = "reference"
    lookup_value_regex = "[^/]+"

    def get_serializer_class(self):
        return ModificationSerializer if self.action == "list" else ModificationDetailSerializer

    def get_queryset(self):
        modifications = Modification.objects.with_listing_data()
        if self.action != "list":
            places = (
                related_model(Modification, "scope_items")
                .objects.select_related("release")
                .order_by(F("release__implementation_date").asc(nulls_last=True), "added_on", "pk")
            )
            modifications = modifications.prefetch_related(Prefetch("scope_items", queryset=places))
        return modifications

    def get_object(self):
        """Any spelling finds the record; the answer is the canonical one."""
        found = Modification.objects.by_reference(self.kwargs["reference"])
        modification = get_object_or_404(self.filter_queryset(self.get_queryset()), pk=found.pk)
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

    @extend_schema(
        request=DecisionSerializer,
        responses={201: DecisionRecordedSerializer},
        description=(
            "Records the Change Board's vote, the Authority's decision or the Panel's (Fast-Track), as the route "
            "says: it sets the phase, adds a key date, and approves (as of `date`) or removes the modification's "
            "scope items, answering what happened to each. 409 when the route, phase or body does not allow it."
        ),
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def decisions(self, request, reference=None):
        if not request.user.has_perm("modifications.change_modification"):
            raise PermissionDenied()
        decision = DecisionSerializer(data=request.data)
        decision.is_valid(raise_exception=True)
        data = decision.validated_data
        with transaction.atomic():
            modification = self.locked_object()
            plan = modification.record_decision(
                body=data["body"],
                outcome=data["outcome"],
                on=data["date"],
                reason=data.get("reason", ""),
                paper=data.get("paper", ""),
            )
        return Response(DecisionRecordedSerializer(plan).data, status=201)


@crud_schema("change request")
class ChangeRequestViewSet(CrudViewSet):
    """DCC Change Requests: implemented alongside a release, not part of its scope."""

    queryset = ChangeRequest.objects.all()
    serializer_class = ChangeRequestSerializer
    filterset_class = ChangeRequestFilter
    search_fields = ["number", "title", "description"]
    ordering_fields = ["number", "title", "originator"]

    def get_queryset(self):
        return ChangeRequest.objects.for_listing()
