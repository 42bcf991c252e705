"""What every API endpoint shares: role permissions, pagination, ETags, the error mapping, base viewsets.

ETags are a hash of the JSON an endpoint answers, so they are right by construction: an ETag
changes exactly when the answer does, whatever changed underneath (a row, a related row, a
deletion), and needs no cache. `If-None-Match` compares it after the answer is built (304 saves
the transfer and the rendering); `If-Match` compares it under the row lock the write takes, so of
two writers holding the same ETag exactly one succeeds.
"""

import hashlib
import json

from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils.cache import quote_etag
from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from secreleases import concurrency, versions
from secreleases.models import ApiToken, related_model

from .idempotency import Idempotent
from .parsers import BoundedJSONParser
from .renderers import EXPORT_FORMATS, CSVRenderer, XLSXRenderer, export_name
from .schema import ApiSchema

SLUG_PATTERN = r"[-a-zA-Z0-9_]+"


# -- permissions -----------------------------------------------------------------------------------


def refuse_writes_with_a_read_only_token(request) -> None:
    if request.method not in permissions.SAFE_METHODS and isinstance(request.auth, ApiToken) and request.auth.read_only:
        raise PermissionDenied("This token is read-only: it cannot write, whatever its user's role.")


class MayReadReleases(permissions.BasePermission):
    """Anyone with a role (who may read releases) may use it for themselves; a read-only token only reads."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        refuse_writes_with_a_read_only_token(request)
        return request.user.has_perm("releases.view_release")


def served_model(view):
    """The model a view serves: its class queryset's, read without building the filtered queryset a request
    would (a 304 asks for nothing else); a view with no class queryset builds it."""
    queryset = getattr(view, "queryset", None)
    return queryset.model if queryset is not None else view.get_queryset().model


class RolePermission(permissions.DjangoModelPermissions):
    """Reading needs the role's `view_` permission, writing `add_`/`change_`/`delete_` (secreleases.roles).

    A view names `permission_model` when what it serves is not its queryset's model. Every API view, and so
    every write (custom actions included), passes here: a read-only token is refused any write.
    """

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.view_%(model_name)s", "%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.view_%(model_name)s", "%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.view_%(model_name)s", "%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.view_%(model_name)s", "%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        refuse_writes_with_a_read_only_token(request)
        model = getattr(view, "permission_model", None) or served_model(view)
        return request.user.has_perms(self.get_required_permissions(request.method, model))


# -- ETags -----------------------------------------------------------------------------------------

LIST_KEPT_SECONDS = 600
# A download is every row the filters keep; far more than any list here holds.
EXPORT_MAX_ROWS = 100_000


def data_version_of(request) -> int | None:
    """The data version, as token authentication read it with the token, or read now."""
    django_request = getattr(request, "_request", request)
    if hasattr(django_request, "data_version"):
        return django_request.data_version
    return versions.current()


def list_etag(request, version: int) -> str:
    """A list's answer is a function of its request and the data: name it by both."""
    query = sorted(request.query_params.lists())
    return etag_of(["list", request.path, query, request.accepted_media_type, version])


def list_cache_key(request, etag: str) -> str:
    # Next/previous links are absolute: the host is part of the answer.
    return f"api:list:{etag}:{request.build_absolute_uri('/')}"


def kept_list(request, etag: str) -> HttpResponse | None:
    kept = cache.get(list_cache_key(request, etag))
    if kept is None:
        return None
    content_type, body, *disposition = kept
    response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if disposition and disposition[0]:
        response["Content-Disposition"] = disposition[0]
    return response


def keep_list(request, response) -> None:
    key = list_cache_key(request, response["ETag"])

    def keep(rendered):
        if rendered.status_code == 200:
            kept = (rendered["Content-Type"], rendered.content, rendered.get("Content-Disposition", ""))
            cache.set(key, kept, LIST_KEPT_SECONDS)

    response.add_post_render_callback(keep)


def etag_of(data) -> str:
    """A strong ETag of a JSON answer: the same data gives the same tag, whatever renderer or indent."""
    canonical = json.dumps(data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return quote_etag(hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest())


def etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    return etag in (tag.strip().removeprefix("W/") for tag in header.split(","))


def already_answered(request, version: int | None) -> HttpResponse | None:
    """304 for a matching If-None-Match, or the answer kept for this version; None if it must be built."""
    if version is None:
        return None
    etag = list_etag(request, version)
    if etag_matches(request.headers.get("If-None-Match"), etag):
        return not_modified(etag)
    return kept_list(request, etag)


def not_modified(etag: str) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    return response


def refuse_nul_characters(request, kwargs):
    """PostgreSQL cannot hold a NUL character: a query or path carrying one is bad input, not a 500."""
    for name, values in request.query_params.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise ValidationError({name.replace("\x00", ""): ["Null characters are not allowed."]})
    for name, value in kwargs.items():
        if "\x00" in str(value):
            raise ValidationError({name: ["Null characters are not allowed."]})


class Conditional:
    """Every answer with a body carries its ETag; a GET whose If-None-Match matches answers 304."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_nul_characters(request, kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.has_header("ETag"):
            return response  # a list names itself by the data version
        if response.status_code in (200, 201) and getattr(response, "data", None) is not None:
            etag = etag_of(response.data)
            if request.method in ("GET", "HEAD") and etag_matches(request.headers.get("If-None-Match"), etag):
                return not_modified(etag)
            response["ETag"] = etag
        return response


# -- viewsets --------------------------------------------------------------------------------------


class JsonOnlyParsers:
    """Request bodies are JSON, within the limits of secreleases.api.parsers (413 above 1 MB)."""

    parser_classes = [BoundedJSONParser]


class ApiViewSet(Idempotent, Conditional, JsonOnlyParsers, viewsets.GenericViewSet):
    schema = ApiSchema()
    permission_classes = [RolePermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lock_rows = False

    def filter_queryset(self, queryset):
        if self.lock_rows:
            # The write's own row, locked: If-Match is compared under this lock (see locked_object).
            return concurrency.lock(queryset)
        # Building the FilterSet, search and ordering costs more than the list's own query: skip them
        # when the query asks for nothing but a page.
        if not set(self.request.query_params) - {"page", "page_size"}:
            return queryset
        return super().filter_queryset(queryset)

    def locked_object(self):
        """The object this write changes, under a row lock, after a fresh If-Match check (412 if stale)."""
        self.lock_rows = True
        try:
            instance = self.get_object()
        finally:
            self.lock_rows = False
        concurrency.check(
            self.request.headers.get("If-Match"),
            lambda: etag_of(self.get_serializer(instance).data),
            matches=etag_matches,
        )
        return instance

    def check_parent_exists(self):
        """A nested list filters by its parent's key; an empty one checks the parent is there (404)."""


class ListMixin(mixins.ListModelMixin):
    """A paginated list, named by the data version (secreleases/versions.py).

    Its ETag is the request (path, query, media type) with the version, so a poll whose If-None-Match
    still matches answers 304 without reading a row, and an answer already built for this version is
    sent again from the cache. A miss reads the rows, their count and the version in one statement and
    keeps the answer under that version. The cache may be lost at any time: it only saves the building.
    An empty list checks that its parent exists (an unknown release is a 404).

    `?format=csv` and `?format=xlsx` (or those Accept types) answer every row that the filters keep, not
    a page, as a download with the serializer's columns (secreleases/api/renderers.py). The media type is
    part of the ETag, so a CSV, an XLSX and the JSON of one list are kept apart.
    """

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers += [CSVRenderer(), XLSXRenderer()]
        return renderers

    def exporting(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) in EXPORT_FORMATS

    def list(self, request, *args, **kwargs):
        if self.exporting():
            return self.export(request)
        version = data_version_of(request)
        answered = already_answered(request, version)
        if answered is not None:
            return answered
        queryset = self.filter_queryset(self.get_queryset()).annotate(data_version=versions.version_expression())
        page = self.paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        response = self.get_paginated_response(self.get_serializer(rows, many=True).data)
        if not response.data["count"]:
            self.check_parent_exists()
        built_at = rows[0].data_version if rows else version
        if built_at is not None:
            response["ETag"] = list_etag(request, built_at)
            keep_list(request, response)
        return response

    def export(self, request):
        """Every row the filters keep, as a file named after the list (`november-2020-scope.xlsx`)."""
        version = data_version_of(request)
        answered = already_answered(request, version)
        if answered is not None:
            return answered
        queryset = self.filter_queryset(self.get_queryset()).annotate(data_version=versions.version_expression())
        rows = list(queryset[:EXPORT_MAX_ROWS])
        if not rows:
            self.check_parent_exists()
        response = Response(self.get_serializer(rows, many=True).data)
        filename = f"{export_name(request.path)}.{request.accepted_renderer.format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        built_at = rows[0].data_version if rows else version
        if built_at is not None:
            response["ETag"] = list_etag(request, built_at)
            keep_list(request, response)
        return response


class CrudViewSet(
    ListMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ApiViewSet,
):
    """List, detail, create, update, delete; writes compare If-Match under the row lock."""

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.locked_object()
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)
        return Response(self.get_serializer(self.get_object()).data)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            self.perform_destroy(self.locked_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()


class ReleaseScopedMixin:
    """Resources nested under releases/{slug}/: the release comes from the path."""

    @cached_property
    def release(self):
        release_model = related_model(self.queryset.model, "release")
        return get_object_or_404(release_model, slug=self.kwargs["release_slug"])

    def in_release(self, queryset):
        """Filtered by the slug in the path, without fetching the release first (one query less)."""
        return queryset.filter(release__slug=self.kwargs["release_slug"])

    def check_parent_exists(self):
        self.release  # noqa: B018 - 404 for an unknown release

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save(release=self.release)


class ReleaseChildViewSet(ReleaseScopedMixin, CrudViewSet):
    """A release's own rows (milestones, decisions, criteria, risks, readiness)."""

    def get_queryset(self):
        return self.in_release(super().get_queryset())


class WithdrawOnDelete:
    """DELETE withdraws (the row stays, withdrawn, in the list and the history); `?reason=` says why (required)."""

    def perform_destroy(self, instance):
        instance.withdraw(reason=self.request.query_params.get("reason", ""))


REASON_PARAMETER = OpenApiParameter(
    "reason", str, OpenApiParameter.QUERY, description="Why it is withdrawn (required; kept in the history)."
)


def withdraw_schema(noun: str):
    return extend_schema_view(
        destroy=extend_schema(
            description=f"Withdraws the {noun}: it no longer counts, and stays in the list and the history with "
            "the reason. 400 without `?reason=`.",
            parameters=[REASON_PARAMETER],
        ),
        partial_update=extend_schema(
            description=f"Corrects the {noun} (SECAS), with `reason` (required, kept in the history)."
        ),
    )


def crud_schema(noun: str, *, destroy_409: str = ""):
    """What deleting means for this resource; the error answers come from ApiSchema."""
    return extend_schema_view(destroy=extend_schema(description=destroy_409 or f"Deletes the {noun}."))


# -- serializers -----------------------------------------------------------------------------------


class QuickRepresentation:
    """DRF's own reading and formatting of each field, in one plain loop: the same JSON in half the time.

    Serializer.to_representation walks its fields through a generator and several checks per field
    per row; a list of fifty rows pays that a thousand times. The steps (each field's get_attribute
    and to_representation, as DRF calls them) are found once per serializer.
    """

    @cached_property
    def representation_steps(self):
        return [(field.field_name, field.get_attribute, field.to_representation) for field in self._readable_fields]

    def to_representation(self, instance):
        out = {}
        for name, read, show in self.representation_steps:
            try:
                value = read(instance)
            except SkipField:
                continue
            key = value.pk if isinstance(value, PKOnlyObject) else value
            out[name] = None if key is None else show(value)
        return out


# Free text a client may send: long enough for any paper's paragraph, short enough to keep a worker quick.
MAX_TEXT_LENGTH = 20_000


class LimitedTextSerializer(serializers.ModelSerializer):
    """Every free-text field has a stated limit (MAX_TEXT_LENGTH characters) in the schema and in validation."""

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if issubclass(field_class, serializers.CharField) and "max_length" not in field_kwargs:
            field_kwargs["max_length"] = MAX_TEXT_LENGTH
        return field_class, field_kwargs


class ModelRulesSerializer(QuickRepresentation, LimitedTextSerializer):
    """Saves through the model's own validation (full_clean), so the admin, pages and API share one rule set."""

    change_reason_default = "Changed through the API"

    def create(self, validated_data):
        instance = self.Meta.model(**validated_data)
        return self.save_clean(instance, "Added through the API")

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self.save_clean(instance, self.change_reason_default)

    def save_clean(self, instance, reason):
        instance.full_clean()
        instance._change_reason = reason
        instance.save()
        return instance
