"""How the API answers what it refuses: rules 409, bad input 400, unknown objects 404, all as JSON."""

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from secreleases.concurrency import StaleVersion
from secreleases.errors import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS, UNAVAILABLE_DETAIL
from secreleases.rules import RuleError


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The object changed since you read it (stale If-Match); read it again."
    default_code = "precondition_failed"


def field_errors(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if key == NON_FIELD_ERRORS else key): messages
            for key, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


def conflict(detail: str) -> Response:
    return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)


def exception_handler(exc, context):
    """Rules become 409 {"detail"}, Django's validation 400 field errors, an unknown object 404."""
    if isinstance(exc, DATABASE_UNAVAILABLE):
        return Response(
            {"detail": UNAVAILABLE_DETAIL},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, StaleVersion):
        exc = PreconditionFailed()
    elif isinstance(exc, RuleError):
        return conflict(" ".join(exc.messages))
    if isinstance(exc, ProtectedError | RestrictedError):
        return conflict(protected_message(exc))
    if isinstance(exc, IntegrityError):
        return conflict("This change conflicts with a record that already exists.")
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(field_errors(exc))
    elif isinstance(exc, ObjectDoesNotExist):
        exc = Http404(str(exc))
    return drf_exception_handler(exc, context)


def protected_message(exc) -> str:
    blockers = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or []
    names = ", ".join(sorted({obj._meta.verbose_name for obj in blockers})) or "other records"
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
    413: OpenApiResponse(DetailSerializer, description="The request body is larger than 1,000,000 bytes."),
    415: OpenApiResponse(DetailSerializer, description="The request body is not JSON."),
    503: OpenApiResponse(
        DetailSerializer, description="The database cannot be reached; nothing was saved. Retry after Retry-After."
    ),
    304: OpenApiResponse(description="Not modified: If-None-Match matches the current ETag."),
}
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match", str, OpenApiParameter.HEADER, description="An ETag from an earlier answer: 304 if unchanged."
)
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, description="The ETag you read; a stale one answers 412."
)
