from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


api_v1 = [
    path("", include("releases.api.urls")),
    path("", include("modifications.api.urls")),
    path("", include("acceptance.api.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("modifications/", include("modifications.urls")),
    path("", include("acceptance.urls")),
    path("", include("releases.urls")),
]

# Under /api/ an unknown path and a failure answer JSON; an unreachable database answers 503 everywhere.
handler404 = "secreleases.errors.not_found"
handler500 = "secreleases.errors.server_error"
