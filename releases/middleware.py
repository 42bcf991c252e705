"""A change the shared cache cannot record is refused with a page that says so (the API answers 503 itself)."""

from django.shortcuts import render

from .api.versions import RETRY_AFTER_SECONDS, SharedCacheUnavailable


class SharedCacheUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SharedCacheUnavailable):
            return None
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
