"""The papers in the API: which papers a release has, and one of them as DOCX or PDF as at a day."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from secreleases.api.base import RolePermission
from secreleases.api.errors import ERRORS
from secreleases.api.schema import ApiSchema
from secreleases.clock import today

from ..asat import AS_AT_FORMAT, AsAtError, as_at_day
from ..models import PaperHeader, Release
from ..rid.api import FileView
from .assemble import KINDS, UnknownPaper, assemble, document_of
from .docx import DOCX_CONTENT_TYPE, render_docx
from .pdf import render_pdf

READ_ERRORS = {code: ERRORS[code] for code in (401, 403, 404)}
FORMATS = {"pdf": "application/pdf", "docx": DOCX_CONTENT_TYPE}


class PaperKindSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS))
    title = serializers.CharField()
    header_recorded = serializers.BooleanField(help_text="Whether SECAS has written this paper's header.")
    reference = serializers.CharField(help_text="The paper's reference as its header gives it; empty if none.")
    url = serializers.CharField(help_text="Where to get it; add ?as_at=YYYY-MM-DD&format=docx|pdf.")


class ReleasePapersMixin:
    permission_classes = [RolePermission]
    schema = ApiSchema()
    filter_backends = []
    pagination_class = None
    queryset = PaperHeader.objects.none()
    serializer_class = None

    def get_release(self) -> Release:
        return get_object_or_404(Release, slug=self.kwargs["slug"])


class PaperListView(ReleasePapersMixin, GenericAPIView):
    serializer_class = PaperKindSerializer

    @extend_schema(
        summary="The papers SECAS writes for a release",
        responses={200: PaperKindSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request, slug):
        release = self.get_release()
        headers = {h.kind: h for h in PaperHeader.objects.filter(release=release)}
        rows = []
        for kind, document in KINDS.items():
            header = headers.get(document)
            rows.append(
                {
                    "kind": kind,
                    "title": document.label,
                    "header_recorded": header is not None,
                    "reference": header.reference if header else "",
                    "url": reverse("paper-detail", kwargs={"slug": release.slug, "kind": kind}),
                }
            )
        return Response(PaperKindSerializer(rows, many=True).data)


class PaperDetailView(ReleasePapersMixin, FileView):
    renderer_classes = [JSONRenderer]

    def perform_content_negotiation(self, request, force=False):
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        summary="A paper as at a day, as DOCX or PDF",
        description="Generated on request from the record as it stood at the end of `as_at` (UK time).",
        parameters=[
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(KINDS)),
            OpenApiParameter("as_at", OpenApiTypes.DATE, description="YYYY-MM-DD; default today."),
            OpenApiParameter("format", str, enum=list(FORMATS), description="docx or pdf; default pdf."),
        ],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The paper as PDF"),
            (200, DOCX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The paper as DOCX"),
            (400, "application/json"): ERRORS[400],
            **READ_ERRORS,
        },
    )
    def get(self, request, slug, kind):
        release = self.get_release()
        try:
            document_of(kind)
        except UnknownPaper as error:
            raise NotFound(str(error)) from error
        errors = {}
        file_format = request.query_params.get("format") or "pdf"
        if file_format not in FORMATS:
            errors["format"] = ["Give docx or pdf."]
        try:
            as_at = as_at_day(request.query_params.get("as_at")) or today()
        except AsAtError as error:
            errors["as_at"] = [error.reason]
        except (ValueError, OverflowError):
            errors["as_at"] = [AS_AT_FORMAT]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        try:
            paper = assemble(release, kind, as_at)
        except Release.DoesNotExist as error:
            raise NotFound(f"The {release.name} was not yet recorded on {as_at:%-d %B %Y}.") from error
        content = render_docx(paper) if file_format == "docx" else render_pdf(paper)
        response = HttpResponse(content, content_type=FORMATS[file_format])
        disposition = "attachment" if file_format == "docx" else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{release.slug}-{kind}-{as_at}.{file_format}"'
        return response
