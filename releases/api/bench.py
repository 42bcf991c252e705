"""The benchmark's server side: the real URLs plus a bare Django view that returns fixed bytes.

`python manage.py bench_api` runs gunicorn on `releases.api.bench:application`; the bare view answers
the bytes of the scope list it measured, so the two differ only in the API's own work.
"""

import os
from pathlib import Path

if os.environ.get("BENCH_SERVER"):
    # Set Django up before the URL imports below; this module is also the server's URLconf.
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
else:
    application = None

from django.conf import settings  # noqa: E402
from django.contrib.auth.decorators import login_not_required  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

from secreleases.urls import urlpatterns as site_urlpatterns  # noqa: E402


def load_body() -> bytes:
    source = os.environ.get("BENCH_BARE_BODY")
    return Path(source).read_bytes() if source else b"{}"


BODY = load_body()


@login_not_required
def bare(request):
    return HttpResponse(BODY, content_type="application/json")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]

if application is not None:
    settings.ROOT_URLCONF = __name__
