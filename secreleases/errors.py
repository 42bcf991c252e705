"""What the site answers when a request fails outside a view's own handling.

Under `/api/` every answer is JSON, as the contract says: an unknown path is a JSON 404, a failure a
JSON 500. Whatever the door, a database that cannot be reached (restarting, failing over) is a 503
with `Retry-After`: the client may try again, nothing was written. The browser gets a plain page that
needs neither the database nor a signed-in user to render.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

API_PREFIX = "/api/"
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
UNAVAILABLE_DETAIL = "The database cannot be reached just now; nothing was saved. Try again in a few seconds."


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def database_unavailable(request) -> HttpResponse:
    if is_api(request):
        response = JsonResponse({"detail": UNAVAILABLE_DETAIL}, status=503)
    else:
        page = render_to_string("503.html", {"detail": UNAVAILABLE_DETAIL, "retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def not_found(request, exception):
    if is_api(request):
        return JsonResponse({"detail": "Not found: no such resource in this API (see /api/schema/)."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Django calls this inside the failed request's `except`: the exception says whether the database is away."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    if is_api(request):
        return JsonResponse({"detail": "Something went wrong on our side; it has been logged."}, status=500)
    return defaults.server_error(request)
