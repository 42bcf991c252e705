"""`?as_at=YYYY-MM-DD` on the API's reads: the answer as the record stood at the end of that day.

The rows come from releases.asat (django-simple-history's tables), paged and filtered as the live
list is; a bad date is a 400 field error on `as_at`, a release that did not exist yet a 404, and a
write that names `as_at` a 400 (the past is read-only).
"""

from django.http import Http404
from django.utils.functional import cached_property
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions
from rest_framework.exceptions import ValidationError

from secreleases.api.schema import ApiSchema

from ..asat import AsAtError, RecordAsAt, as_at_day
from ..models import Release

AS_AT = OpenApiParameter(
    "as_at",
    OpenApiTypes.DATE,
    OpenApiParameter.QUERY,
    description=(
        "YYYY-MM-DD: answer as the record stood at the end of that day (UK time), from its history. 400 for a "
        "date that is not one, before 2000 or after today; 404 for a release that did not exist yet."
    ),
)
AS_AT_ACTIONS = ("list", "retrieve", "dashboard")
PAST_IS_READ_ONLY = "The record as at a past day is read-only: send the write without as_at."


class AsAtSchema(ApiSchema):
    """Reads that take ?as_at say so in the OpenAPI description."""

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "GET" and getattr(self.view, "action", None) in AS_AT_ACTIONS:
            parameters.append(AS_AT)
        return parameters


class HistoryFilterBackend(DjangoFilterBackend):
    """The view's FilterSet applied to history records: same field names, another model class."""

    def get_filterset_class(self, view, queryset=None):
        return getattr(view, "filterset_class", None)


class AsAtMixin:
    """Reads (list, detail, dashboard) answer as at `?as_at=`; without it, the live record as before."""

    schema = AsAtSchema()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in permissions.SAFE_METHODS and "as_at" in request.query_params:
            raise ValidationError({"as_at": [PAST_IS_READ_ONLY]})

    @cached_property
    def record_as_at(self) -> RecordAsAt:
        if getattr(self, "action", None) not in AS_AT_ACTIONS:
            return RecordAsAt(None)
        try:
            return RecordAsAt(as_at_day(self.request.query_params.get("as_at")))
        except AsAtError as error:
            raise ValidationError({"as_at": [error.reason]}) from None

    # -- which rows -----------------------------------------------------------------------------------

    def release_as_at(self, slug: str) -> Release:
        try:
            return self.record_as_at.release(slug)
        except Release.DoesNotExist:
            raise Http404(f"No release {slug} as at {self.record_as_at.label}.") from None

    def history_queryset(self, **filters):
        """The history records of the view's model as they stood, within the release of the path if nested.

        The filters go to releases.asat, which reads only the history of the rows that ever matched them: a
        release's scope costs its own items' history, not every item's."""
        if "release_slug" in self.kwargs:
            filters["release_id"] = self.release_as_at(self.kwargs["release_slug"]).pk
        return self.record_as_at.records(self.queryset.model, **filters)

    def filter_queryset(self, queryset):
        if self.record_as_at.is_live or self.lock_rows:
            return super().filter_queryset(queryset)
        if not set(self.request.query_params) - {"page", "page_size", "as_at"}:
            return queryset
        for backend in self.filter_backends:
            if issubclass(backend, DjangoFilterBackend):
                backend = HistoryFilterBackend
            queryset = backend().filter_queryset(self.request, queryset, self)
        return queryset

    def rows_as_at(self, records) -> list:
        return self.record_as_at.attach([record.instance for record in records])

    # -- answers --------------------------------------------------------------------------------------

    def list(self, request, *args, **kwargs):
        if self.record_as_at.is_live:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.history_queryset())
        if self.exporting():
            rows = self.rows_as_at(queryset[:100_000])
            return self.export_rows(request, rows)
        page = self.paginate_queryset(queryset)
        rows = self.rows_as_at(page if page is not None else queryset)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def export_rows(self, request, rows):
        from rest_framework.response import Response

        from secreleases.api.renderers import export_name

        response = Response(self.get_serializer(rows, many=True).data)
        filename = f"{export_name(request.path)}-as-at-{self.record_as_at.query_value()}"
        response["Content-Disposition"] = f'attachment; filename="{filename}.{request.accepted_renderer.format}"'
        return response

    def get_object(self):
        if self.record_as_at.is_live:
            return super().get_object()
        lookup = self.lookup_url_kwarg or self.lookup_field
        value = self.kwargs[lookup]
        field = "id" if self.lookup_field == "pk" else self.lookup_field
        if field == "id" and not str(value).isdigit():
            raise Http404
        record = self.history_queryset(**{field: value}).first()
        if record is None:
            raise Http404(f"Not found as at {self.record_as_at.label}.")
        (instance,) = self.rows_as_at([record])
        self.check_object_permissions(self.request, instance)
        return instance
