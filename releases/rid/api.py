"""The RID endpoints: list and baseline, the frozen snapshot, its PDF, and the diff of two baselines."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from secreleases.api.base import Conditional, RolePermission
from secreleases.api.errors import ERRORS, IF_NONE_MATCH
from secreleases.api.idempotency import Idempotent

from ..models import Release, RidPdf, RidVersion
from .baseline import VersionAlreadyBaselined, baseline, check_version, ensure_pdf
from .diff import compare
from .docx import DOCX_CONTENT_TYPE, render_docx

RETRY_AFTER_SECONDS = 5
READ_ERRORS = {code: ERRORS[code] for code in (401, 403, 404)}


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()


class RidVersionSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    has_snapshot = serializers.SerializerMethodField()
    pdf_state = serializers.SerializerMethodField()

    class Meta:
        model = RidVersion
        fields = ["version", "dated", "changes", "baselined_on", "paper", "created_by", "created_at"]
        fields += ["has_snapshot", "pdf_state"]
        read_only_fields = fields

    def get_has_snapshot(self, obj) -> bool:
        if hasattr(obj, "snapshot_present"):
            return obj.snapshot_present
        return obj.snapshot is not None

    def get_pdf_state(self, obj) -> str | None:
        pdf = getattr(obj, "pdf", None)
        return pdf.state if pdf is not None else None


class RidSnapshotSerializer(RidVersionSerializer):
    snapshot = serializers.JSONField(read_only=True)

    class Meta(RidVersionSerializer.Meta):
        fields = RidVersionSerializer.Meta.fields + ["snapshot"]
        read_only_fields = fields


class BaselineSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=10, help_text="e.g. 1.1")
    changes = serializers.CharField()
    baselined_on = serializers.DateField()
    paper = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    dated = serializers.DateField(required=False, allow_null=True, default=None)

    def validate_version(self, value):
        try:
            return check_version(value)
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict["version"]) from error


class ReleaseRidMixin(Idempotent, Conditional):
    """The shared role permissions on RidVersion: every role reads and downloads; SECAS baselines."""

    permission_classes = [RolePermission]
    queryset = RidVersion.objects.none()

    def get_release(self) -> Release:
        return get_object_or_404(Release, slug=self.kwargs["slug"])

    def get_baseline(self) -> RidVersion:
        rid = get_object_or_404(
            RidVersion.objects.select_related("release", "created_by", "pdf"),
            release__slug=self.kwargs["slug"],
            version=self.kwargs["version"],
        )
        return rid


class RidListView(ReleaseRidMixin, GenericAPIView):
    serializer_class = RidVersionSerializer

    def get_queryset(self):
        return (
            RidVersion.objects.filter(release=self.get_release())
            .select_related("created_by", "pdf")
            .defer("snapshot")
            # The list says whether each version has a snapshot without loading the snapshots.
            .annotate(snapshot_present=ExpressionWrapper(Q(snapshot__isnull=False), output_field=BooleanField()))
            .order_by("pk")
        )

    def get_serializer_class(self):
        return BaselineSerializer if self.request.method == "POST" else RidVersionSerializer

    @extend_schema(
        responses={200: RidVersionSerializer(many=True), **READ_ERRORS}, summary="The RID's versions and baselines"
    )
    def get(self, request, slug):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(RidVersionSerializer(page, many=True).data)

    @extend_schema(
        request=BaselineSerializer,
        responses={
            201: RidSnapshotSerializer,
            400: OpenApiResponse(description="Malformed version or missing field"),
            409: OpenApiResponse(ConflictSerializer, description="This version is already baselined"),
            **READ_ERRORS,
        },
        summary="Baseline the current RID under a version number",
    )
    def post(self, request, slug):
        release = self.get_release()
        incoming = BaselineSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            rid = baseline(release, by=request.user, **incoming.validated_data)
        except VersionAlreadyBaselined as error:
            return Response({"detail": error.messages[0]}, status=status.HTTP_409_CONFLICT)
        except IntegrityError:
            version = incoming.validated_data["version"]
            return Response({"detail": f"Version {version} is already baselined."}, status=status.HTTP_409_CONFLICT)
        except ValidationError as error:
            detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
            return Response(detail, status=status.HTTP_400_BAD_REQUEST)
        rid = RidVersion.objects.select_related("created_by", "pdf").get(pk=rid.pk)
        return Response(RidSnapshotSerializer(rid).data, status=status.HTTP_201_CREATED)


class RidDetailView(ReleaseRidMixin, GenericAPIView):
    """A baseline is frozen: this resource has no write methods (405)."""

    serializer_class = RidSnapshotSerializer

    @extend_schema(
        summary="A RID version with its frozen snapshot",
        parameters=[IF_NONE_MATCH],
        responses={200: RidSnapshotSerializer, 304: ERRORS[304], **READ_ERRORS},
    )
    def get(self, request, slug, version):
        return Response(RidSnapshotSerializer(self.get_baseline()).data)


class RidPdfView(ReleaseRidMixin, GenericAPIView):
    serializer_class = None

    @extend_schema(
        summary="The baseline's PDF",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The stored PDF"),
            202: OpenApiResponse(description="Being rendered; try again after Retry-After seconds"),
            503: OpenApiResponse(ConflictSerializer, description="Rendering failed"),
            **READ_ERRORS,
            404: OpenApiResponse(description="No such baseline, or a version transcribed without a snapshot"),
        },
    )
    def get(self, request, slug, version):
        rid = self.get_baseline()
        if not rid.is_baseline or rid.snapshot is None:
            raise NotFound("This version has no frozen snapshot, so it has no PDF here.")
        pdf = ensure_pdf(rid)
        if pdf.state == RidPdf.State.READY and pdf.file:
            return FileResponse(
                pdf.file.open("rb"), content_type="application/pdf", filename=pdf.file.name.split("/")[-1]
            )
        if pdf.state == RidPdf.State.FAILED:
            return Response({"detail": f"Rendering failed: {pdf.error}"}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        response = Response(
            {"detail": "The PDF is being rendered.", "state": pdf.state}, status=status.HTTP_202_ACCEPTED
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class RidDocxView(ReleaseRidMixin, GenericAPIView):
    serializer_class = None

    @extend_schema(
        summary="The baseline as a Word document (DOCX)",
        description="Built from the frozen snapshot, the same source as the PDF; available at once.",
        responses={
            (200, DOCX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The RID as DOCX"),
            **READ_ERRORS,
            404: OpenApiResponse(description="No such baseline, or a version transcribed without a snapshot"),
        },
    )
    def get(self, request, slug, version):
        rid = self.get_baseline()
        if not rid.is_baseline or rid.snapshot is None:
            raise NotFound("This version has no frozen snapshot, so it has no DOCX here.")
        response = HttpResponse(render_docx(rid.snapshot), content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{rid.release.slug}-rid-v{rid.version}.docx"'
        return response


class RidDiffView(ReleaseRidMixin, GenericAPIView):
    serializer_class = None

    @extend_schema(
        summary="What changed from another baseline (against) to this one",
        parameters=[OpenApiParameter("against", str, required=True, description="The other version, e.g. 1.0")],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiResponse(description="No `against` given"), **READ_ERRORS},
    )
    def get(self, request, slug, version):
        against = request.query_params.get("against", "").strip()
        if not against:
            return Response({"against": ["Give the version to compare with."]}, status=status.HTTP_400_BAD_REQUEST)
        rows = {
            v.version: v
            for v in RidVersion.objects.filter(release__slug=slug, version__in=[version, against])
            .exclude(snapshot__isnull=True)
            .only("version", "snapshot")
        }
        for wanted in (version, against):
            if wanted not in rows:
                raise NotFound(f"No baseline {wanted} with a snapshot in this release.")
        return Response(compare(rows[against].snapshot, rows[version].snapshot))
