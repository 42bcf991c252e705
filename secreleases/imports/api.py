"""/api/v1/imports/: upload a spreadsheet for a preview (nothing changes), then confirm it to apply it."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from secreleases.api.base import ApiViewSet, MayReadReleases
from secreleases.api.errors import DetailSerializer

from .core import IMPORTERS, ImportStale, UploadRefused, confirm, preview
from .models import SpreadsheetImport


class UploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[], help_text="milestone_tracker (the DCC's tracker) or change_requests (its change-request list)."
    )
    release = serializers.SlugField(required=False, allow_blank=True, help_text="The release's slug.")
    file = serializers.FileField(help_text="An .xlsx or .csv file; its first row names the columns, as the exports do.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(importer.kind, importer.label) for importer in IMPORTERS.values()]


class RowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row number in the spreadsheet.")
    action = serializers.ChoiceField(choices=["change", "new", "unchanged", "refused"])
    target = serializers.CharField(help_text="The milestone or change request the row is about.")
    id = serializers.IntegerField(allow_null=True)
    changes = serializers.JSONField(help_text="{field: [now, in the file]} for a matched row.")
    data = serializers.JSONField(help_text="What is sent to the API's serializer for this row.")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why a row is refused.")


class CountsSerializer(serializers.Serializer):
    change = serializers.IntegerField()
    new = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    refused = serializers.IntegerField()


class ImportSerializer(serializers.ModelSerializer):
    counts = CountsSerializer(read_only=True)
    rows = RowSerializer(source="outcomes", many=True, read_only=True)
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = SpreadsheetImport
        fields = ["id", "kind", "release", "file_name", "uploaded_by", "created_at", "expires_at", "applied_at"]
        fields += ["counts", "rows"]
        read_only_fields = fields


class SpreadsheetImportViewSet(mixins.RetrieveModelMixin, ApiViewSet):
    """Imports of the DCC's milestone tracker and change-request list: preview first, then confirm."""

    serializer_class = ImportSerializer
    permission_classes = [MayReadReleases]
    parser_classes = [MultiPartParser, FormParser]
    filter_backends = []
    queryset = SpreadsheetImport.objects.none()

    def get_queryset(self):
        return SpreadsheetImport.objects.filter(uploaded_by=self.request.user).select_related("uploaded_by")

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: ImportSerializer},
        description="Reads the file and answers what it would change: rows matched (with each change), new, "
        "unchanged and refused (with the reasons). Nothing is saved until `confirm`.",
    )
    def create(self, request):
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        importer = IMPORTERS[upload.validated_data["kind"]]
        if not importer.may_import(request.user):
            raise PermissionDenied
        try:
            made = preview(
                importer.kind,
                upload.validated_data["file"],
                release=upload.validated_data.get("release", ""),
                request=request,
            )
        except UploadRefused as refused:
            raise serializers.ValidationError({"file": [str(refused)]}) from refused
        return Response(ImportSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={
            200: ImportSerializer,
            409: OpenApiResponse(DetailSerializer, description="Applied already, expired, or changed since."),
        },
        description="Applies the previewed rows (not the refused ones) in one transaction; the history names the "
        "file and who imported it. 409 if anything it previewed changed since: nothing is applied then.",
    )
    @action(detail=True, methods=["post"], parser_classes=[FormParser, MultiPartParser], filter_backends=[])
    def confirm(self, request, pk=None):
        upload = get_object_or_404(self.get_queryset(), pk=pk)
        if not IMPORTERS[upload.kind].may_import(request.user):
            raise PermissionDenied
        try:
            applied = confirm(upload.pk, request=request)
        except ImportStale as stale:
            return Response({"detail": " ".join(stale.messages)}, status=status.HTTP_409_CONFLICT)
        return Response(ImportSerializer(applied).data)
