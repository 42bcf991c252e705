"""`Idempotency-Key` on API POSTs: a retry with the same key and body answers the first answer again, and writes
nothing; the same key with another request answers 422.

A POST that carries the header runs in one transaction that starts by inserting (user, key) under a unique
constraint (IdempotentRequest.objects.claim) and ends by storing the answer in that row. So the write and the
remembered answer commit together or not at all, and a concurrent duplicate waits on the constraint, then
answers what the first answered. Only successful (2xx) answers are remembered: any other answer rolls the
whole transaction back, since the request wrote nothing, so the key may be sent again (with a corrected body).
Kept in the database, not the cache: a lost or flushed cache must not let a retried POST write twice.
"""

import hashlib
import re

from django.db import transaction
from django.http import HttpResponse, RawPostDataException
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

from secreleases.models import IDEMPOTENCY_KEY_LENGTH, IdempotentRequest, KeyReused, KeyStillInProgress

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# The headers of an answer worth giving again; the rest (dates, request id, Vary) belong to each response.
REMEMBERED_HEADERS = ("Content-Type", "ETag", "Location", "Retry-After")
VALID_KEY = re.compile(rf"[\x21-\x7e]{{1,{IDEMPOTENCY_KEY_LENGTH}}}")
RETRY_AFTER_SECONDS = 1


class KeyReusedError(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = (
        "This Idempotency-Key was used in the last 24 hours for another request (method, path or body): "
        "send a new key for a new request."
    )
    default_code = "idempotency_key_reused"


class KeyInProgressError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The first request with this Idempotency-Key is still being processed: retry in a moment."
    default_code = "idempotency_key_in_progress"


class AnswerAgain(Exception):
    """Raised once the earlier answer is found: the view does not run; handle_exception gives that answer."""

    def __init__(self, earlier: IdempotentRequest):
        self.earlier = earlier


def is_idempotent_post(request) -> bool:
    return request.method == "POST" and HEADER in request.headers


def fingerprint_of(request) -> str:
    """The request as the key promises it: method, path with query, and the body's bytes."""
    try:
        body = request._request.body
    except RawPostDataException:  # a form body parsed before (a session's CSRF check): its fields instead
        body = repr(sorted(request._request.POST.lists())).encode()
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.get_full_path().encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def remember(claim: IdempotentRequest, response) -> None:
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    claim.status_code = response.status_code
    claim.headers = {name: response[name] for name in REMEMBERED_HEADERS if response.has_header(name)}
    claim.body = bytes(response.content)
    claim.save(update_fields=["status_code", "headers", "body"])


def answer_again(earlier: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(earlier.body), status=earlier.status_code)
    for name, value in earlier.headers.items():
        response[name] = value
    response[REPLAYED_HEADER] = "true"
    return response


class Idempotent:
    """For API views: a POST with an Idempotency-Key runs once per key and body; its retries get its answer."""

    idempotent_request = None

    def dispatch(self, request, *args, **kwargs):
        if not is_idempotent_post(request):
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            claim = self.idempotent_request
            if claim is not None and not transaction.get_rollback():
                if status.is_success(response.status_code):
                    remember(claim, response)
                else:
                    transaction.set_rollback(True)
        return response

    def initial(self, request, *args, **kwargs):
        # Before authentication: a session's CSRF check may parse a form body, after which its bytes are gone.
        fingerprint = fingerprint_of(request) if is_idempotent_post(request) else None
        super().initial(request, *args, **kwargs)
        if fingerprint is None:
            return
        key = request.headers[HEADER]
        if not VALID_KEY.fullmatch(key):
            raise ValidationError(
                {HEADER: [f"Use 1 to {IDEMPOTENCY_KEY_LENGTH} visible ASCII characters, such as a UUID."]}
            )
        try:
            claim, first = IdempotentRequest.objects.claim(request.user, key, fingerprint)
        except KeyReused:
            raise KeyReusedError() from None
        except KeyStillInProgress:
            error = KeyInProgressError()
            error.wait = RETRY_AFTER_SECONDS  # DRF's handler turns `wait` into Retry-After
            raise error from None
        if not first:
            raise AnswerAgain(claim)
        self.idempotent_request = claim

    def handle_exception(self, exc):
        if isinstance(exc, AnswerAgain):
            return answer_again(exc.earlier)
        return super().handle_exception(exc)
