"""Sign-in lock-outs with django-axes: its backend, and the page a locked-out sign-in gets."""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_failure_limit
from django.conf import settings
from django.shortcuts import render


class LockOutBackend(AxesStandaloneBackend):
    """Refuses a sign-in from a locked-out username and address (django-axes), before any password check.

    A sign-in always comes with its request (the sign-in page's, the admin's, DRF's). An authenticate()
    without one (a script, the test client's login()) is not a sign-in from an address: it is not
    counted, where axes' own backend would raise.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: 429, the page saying why and for how long, Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": max(1, seconds // 60),
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
