"""Shared API machinery: role permissions, pagination, ETags, the error mapping and model-backed serializers."""

import hashlib
import logging
import time

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, ProtectedError, RestrictedError
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils.cache import quote_etag
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from releases.models.rid import BaselineImmutableError
from releases.models.scope import ScopeRuleError

from . import versions

logger = logging.getLogger(__name__)
RULE_ERRORS = (ScopeRuleError, BaselineImmutableError)


# -- permissions -----------------------------------------------------------------------------------


class RolePermission(permissions.DjangoModelPermissions):
    """The role groups' model permissions decide: reading needs `view_`, writing `add_`/`change_`/`delete_`.

    The same permissions drive the admin and the browser pages, so the three always agree. A
    view may name `permission_model` when what it serves is not its queryset's model.
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
        model = getattr(view, "permission_model", None) or view.get_queryset().model
        return has_all(request.user, self.get_required_permissions(request.method, model))


# A role's permissions change rarely (an admin edits a group); reading them costs two queries per
# request, so each process keeps a user's set for this long. Removing someone from a role takes
# effect within this many seconds.
PERMISSION_CACHE_SECONDS = 30
_permission_cache: dict[int, tuple[float, frozenset]] = {}


def permissions_of(user) -> frozenset:
    now = time.monotonic()
    cached = _permission_cache.get(user.pk)
    if cached is None or cached[0] < now:
        cached = (
            now + PERMISSION_CACHE_SECONDS,
            frozenset(user.get_all_permissions()) if user.is_active else frozenset(),
        )
        _permission_cache[user.pk] = cached
    return cached[1]


def forget_permissions() -> None:
    from .auth import forget_tokens

    _permission_cache.clear()
    forget_tokens()


def has_all(user, perms) -> bool:
    if not user or not user.is_authenticated:
        return False
    if user.is_active and user.is_superuser:
        return True
    return set(perms) <= permissions_of(user)


def readable_by(queryset, user):
    """Permissions applied to the queryset, so a list and its details always show the same rows."""
    model = queryset.model
    if has_all(user, [f"{model._meta.app_label}.view_{model._meta.model_name}"]):
        return queryset
    return queryset.none()


# -- pagination ------------------------------------------------------------------------------------


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        known_count = getattr(view, "known_count", None)
        if known_count is not None:
            # The ETag's aggregate already counted the rows: do not count them twice.
            self.django_paginator_class = counted_paginator(known_count)
        return super().paginate_queryset(queryset, request, view)


def counted_paginator(count):
    from django.core.paginator import Paginator

    class CountedPaginator(Paginator):
        pass

    CountedPaginator.count = count
    return CountedPaginator


# -- errors ----------------------------------------------------------------------------------------


def field_errors(error: DjangoValidationError) -> dict | list:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if key == NON_FIELD_ERRORS else key): messages
            for key, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


def exception_handler(exc, context):
    """Rules become 409 {"detail"}, Django's validation 400 field errors, an unknown object 404."""
    if isinstance(exc, versions.SharedCacheUnavailable):
        response = Response({"detail": versions.UNAVAILABLE_MESSAGE}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        response["Retry-After"] = str(versions.RETRY_AFTER_SECONDS)
        return response
    if isinstance(exc, RULE_ERRORS):
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response({"detail": protected_message(exc)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": "This change conflicts with a record that already exists."}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(field_errors(exc))
    elif isinstance(exc, ObjectDoesNotExist):
        exc = Http404(str(exc))
    return drf_exception_handler(exc, context)


def protected_message(exc) -> str:
    blockers = (
        sorted({obj._meta.verbose_name for obj in exc.protected_objects}) if hasattr(exc, "protected_objects") else []
    )
    if not blockers and hasattr(exc, "restricted_objects"):
        blockers = sorted({obj._meta.verbose_name for obj in exc.restricted_objects})
    names = ", ".join(blockers) or "other records"
    return f"This cannot be deleted: {names} refer to it and must stay."


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="Bad input: each field name (or non_field_errors) maps to a list of messages.",
    ),
    401: OpenApiResponse(DetailSerializer, description="No credentials."),
    403: OpenApiResponse(DetailSerializer, description="Authenticated, but the role does not allow this."),
    404: OpenApiResponse(DetailSerializer, description="No such object."),
    409: OpenApiResponse(DetailSerializer, description="A rule forbids this change."),
    412: OpenApiResponse(DetailSerializer, description="If-Match carries a stale ETag."),
    304: OpenApiResponse(description="Not modified: If-None-Match matches the current ETag."),
    503: OpenApiResponse(
        DetailSerializer,
        description="The shared cache cannot be reached, so nothing was saved; try again after Retry-After seconds.",
    ),
}
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match", str, OpenApiParameter.HEADER, description="An ETag from an earlier answer: 304 if unchanged."
)
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, description="The ETag you read; a stale one answers 412."
)


def errors(*codes):
    return {code: ERRORS[code] for code in (401, 403, *codes)}


def bad_request_schema(serializer_class):
    return OpenApiResponse(
        inline_serializer(
            f"{serializer_class.__name__.removesuffix('Serializer')}Errors",
            {"non_field_errors": serializers.ListField(child=serializers.CharField(), required=False)},
        ),
        description="Bad input: each field name maps to a list of messages.",
    )


# -- ETags ------------------------------------------------------------------------------------------


def make_etag(*parts) -> str:
    digest = hashlib.blake2b("|".join(str(p) for p in parts).encode(), digest_size=12).hexdigest()
    return quote_etag(digest)


def etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    candidates = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return etag in candidates


class ConditionalMixin:
    """ETags for lists and details: 304 on a matching If-None-Match, 412 on a stale If-Match.

    A list's ETag comes from one aggregate (count and newest `updated_at`) over the filtered rows,
    and the count is reused by the paginator; a detail's from the object's own `updated_at` and
    those of the `etag_related` rows shown inside it. Neither builds the body to answer 304.
    """

    etag_related: tuple[str, ...] = ()
    known_count = None
    list_columns: tuple[str, ...] = ()  # with list_row(row): a values()-based list, same JSON as the serializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_nul_characters(request, kwargs)

    def list_etag(self, queryset) -> str:
        totals = queryset.order_by().aggregate(n=Count("pk"), newest=Max("updated_at"))
        self.known_count = totals["n"]
        return make_etag(self.request.path, sorted(self.request.query_params.lists()), totals["n"], totals["newest"])

    def filter_queryset(self, queryset):
        # Building the FilterSet, search and ordering costs more than the ETag's query: skip them when
        # the query asks for nothing but a page.
        if not set(self.request.query_params) - {"page", "page_size"}:
            return queryset
        return super().filter_queryset(queryset)

    def check_parent_exists(self):
        """A nested list filters by its parent's key; an empty one checks the parent is there (404)."""

    def object_etag(self, obj) -> str:
        parts = [type(obj).__name__, obj.pk, obj.updated_at]
        for relation in self.etag_related:
            totals = getattr(obj, relation).order_by().aggregate(n=Count("pk"), newest=Max("updated_at"))
            parts += [totals["n"], totals["newest"]]
        return make_etag(*parts)

    def list(self, request, *args, **kwargs):
        if versions.enabled():
            try:
                etag = make_etag("list", request.path, sorted(request.query_params.lists()), versions.current())
            except versions.SharedCacheUnavailable:
                logger.warning("The shared cache could not be read; the list uses its own rows' ETag.", exc_info=True)
            else:
                return self.versioned_list(request, etag)
        queryset = self.filter_queryset(self.get_queryset())
        etag = self.list_etag(queryset)
        if not self.known_count:
            self.check_parent_exists()
        if etag_matches(request.headers.get("If-None-Match"), etag):
            return not_modified(etag)
        return self.list_response(queryset, etag)

    def versioned_list(self, request, etag):
        """The ETag names the data's version (versions.py): 304 and kept pages need no query.

        `*` is not matched here: it would answer 304 for a release that does not exist.
        """
        header = request.headers.get("If-None-Match")
        if header and header.strip() != "*" and etag_matches(header, etag):
            return not_modified(etag)
        if request.accepted_renderer.format != "json":
            return self.list_response(self.filter_queryset(self.get_queryset()), etag)
        key = versions.page_key(etag, request)
        kept = versions.kept_page(key)
        if kept is not None:
            content_type, body = kept
            response = HttpResponse(body, content_type=content_type)
            response["ETag"] = etag
            return response
        response = self.list_response(self.filter_queryset(self.get_queryset()), etag)
        if response.status_code == 200:
            response.add_post_render_callback(lambda rendered: versions.keep_page(key, rendered))
        return response

    def list_response(self, queryset, etag):
        if self.list_columns:
            # The busiest lists skip model instances and serializer fields: rows straight to JSON.
            page = self.paginate_queryset(queryset.values(*self.list_columns))
            data = [self.list_row(row) for row in page]
        else:
            data = self.get_serializer(self.paginate_queryset(queryset), many=True).data
        if self.paginator is not None and not self.paginator.page.paginator.count:
            self.check_parent_exists()
        response = self.get_paginated_response(data)
        response["ETag"] = etag
        return response

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        etag = self.object_etag(instance)
        if etag_matches(request.headers.get("If-None-Match"), etag):
            return not_modified(etag)
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = etag
        return response

    def check_if_match(self, instance):
        header = self.request.headers.get("If-Match")
        if header and not etag_matches(header, self.object_etag(instance)):
            raise PreconditionFailed()

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.get_object()
            self.check_if_match(instance)
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = self.object_etag(instance)
        return response

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.get_object()
            self.check_if_match(instance)
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.perform_create(serializer)
        response = Response(serializer.data, status=status.HTTP_201_CREATED)
        response["ETag"] = self.object_etag(serializer.instance)
        return response


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The object changed since you read it (stale If-Match); read it again."
    default_code = "precondition_failed"


def refuse_nul_characters(request, kwargs):
    """PostgreSQL cannot hold a NUL character: a query or path carrying one is bad input, not a 500."""
    for name, values in request.query_params.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise ValidationError({name.replace("\x00", ""): ["Null characters are not allowed."]})
    for name, value in kwargs.items():
        if "\x00" in str(value):
            raise ValidationError({name: ["Null characters are not allowed."]})


def not_modified(etag: str) -> HttpResponseNotModified:
    """A bare 304: there is no body to render, so DRF's Response machinery is skipped."""
    response = HttpResponseNotModified()
    response["ETag"] = etag
    return response


class BodyEtagMixin:
    """For computed roll-ups: the ETag is a hash of the body, so 304 saves the transfer only."""

    def conditional(self, request, data) -> Response:
        from rest_framework.renderers import JSONRenderer

        etag = make_etag(JSONRenderer().render(data).decode())
        if etag_matches(request.headers.get("If-None-Match"), etag):
            return not_modified(etag)
        response = Response(data)
        response["ETag"] = etag
        return response


# -- serializers -----------------------------------------------------------------------------------


class ModelRulesSerializer(serializers.ModelSerializer):
    """Saves through the model's own validation (full_clean), so the admin, UI and API share one rule set."""

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


__all__ = [
    "ConditionalMixin",
    "BodyEtagMixin",
    "ERRORS",
    "IF_MATCH",
    "IF_NONE_MATCH",
    "ModelRulesSerializer",
    "Pagination",
    "RolePermission",
    "errors",
    "exception_handler",
    "extend_schema",
    "readable_by",
]
