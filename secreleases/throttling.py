"""The API's throttles: DRF's own, counted in the default cache, that let a request through when it is down:
per user (token or session), per API token, and per address for refused credentials.

Rates live in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (API_THROTTLE_* in the environment) and are
read at each request, so a test's settings override applies. Over a rate DRF answers 429 with Retry-After.

DRF checks its throttles only after authentication and permissions, so a request with a wrong token, or
none, is refused with 401 before any throttle sees it (DRF's AnonRateThrottle never fires on this API, where
every view needs a user). UnauthenticatedThrottleMiddleware counts those 401s per address and, past the
"unauthenticated" rate, answers 429 to that address before its credentials are even looked at.
"""

import logging
import math

from django.http import JsonResponse
from rest_framework import throttling
from rest_framework.settings import api_settings

logger = logging.getLogger(__name__)
API_PREFIX = "/api/"


class LiveRateFailOpenMixin:
    """Reads its rate from the current settings, and allows the request when the cache cannot be reached."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # any cache failure: a throttle must never fail the request
            logger.warning("Throttle %s not applied: the cache cannot be reached", self.scope, exc_info=True)
            return True


class UserRateThrottle(LiveRateFailOpenMixin, throttling.UserRateThrottle):
    """Requests of a signed-in user (token or session), per user."""


class TokenRateThrottle(LiveRateFailOpenMixin, throttling.SimpleRateThrottle):
    """Requests made with an API token, per token: one integration cannot use up its user's whole rate."""

    scope = "token"

    def get_cache_key(self, request, view):
        from .models import ApiToken

        if not isinstance(request.auth, ApiToken):
            return None  # a browser session: the per-user rate alone
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class UnauthenticatedThrottle(LiveRateFailOpenMixin, throttling.SimpleRateThrottle):
    """Requests refused for want of valid credentials (401), per address: only refusals count."""

    scope = "unauthenticated"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _load(self, request) -> None:
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()

    def seconds_to_wait(self, request) -> int | None:
        """Whole seconds until this address may try again, or None if it may now."""
        if self.rate is None:
            return None
        self._load(request)
        if len(self.history) < self.num_requests:
            return None
        return max(1, math.ceil(self.wait() or self.duration))

    def record_refusal(self, request) -> None:
        if self.rate is None:
            return
        self._load(request)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class UnauthenticatedThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        throttle = UnauthenticatedThrottle()
        wait = self._safely(throttle.seconds_to_wait, request)
        if wait:
            return JsonResponse(
                {
                    "detail": "Request was throttled: too many requests without valid credentials from this address. "
                    f"Expected available in {wait} seconds."
                },
                status=429,
                headers={"Retry-After": str(wait)},
            )
        response = self.get_response(request)
        if response.status_code == 401:
            self._safely(throttle.record_refusal, request)
        return response

    @staticmethod
    def _safely(method, request):
        try:
            return method(request)
        except Exception:  # as above: without a cache, no throttle rather than no API
            logger.warning("Unauthenticated throttle not applied: the cache cannot be reached", exc_info=True)
            return None
