"""A URLconf with a view that fails, for the tests of error logging and Sentry, and the site's own URLs."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from secreleases.urls import urlpatterns as site_urlpatterns


class ReleaseTrainDerailed(RuntimeError):
    pass


@login_not_required
def fail(request):
    raise ReleaseTrainDerailed("the release train derailed")


urlpatterns = [path("fail/", fail), *site_urlpatterns]
