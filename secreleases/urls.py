from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views
from .health import healthz
from .imports.api import SpreadsheetImportViewSet
from .webhooks.api import WebhookEndpointViewSet

integrations_api = SimpleRouter()
integrations_api.register("webhooks", WebhookEndpointViewSet, basename="webhook")
integrations_api.register("imports", SpreadsheetImportViewSet, basename="import")

api_v1 = [
    *integrations_api.urls,
    path("", include("releases.api.urls")),
    path("", include("modifications.api.urls")),
    path("", include("acceptance.api.urls")),
]

# Swagger UI from drf-spectacular-sidecar's files, its settings script served apart (no inline script), for
# signed-in users only: a browser without a session goes to the sign-in page.
api_docs = login_required(SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"))

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("account/tokens/", views.tokens, name="account-tokens"),
    path("account/tokens/<int:pk>/revoke/", views.revoke_token, name="account-token-revoke"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("integrations/webhooks/", include("secreleases.webhooks.urls")),
    path("imports/", include("secreleases.imports.urls")),
    path("modifications/", include("modifications.urls")),
    path("change-requests/", include("modifications.change_request_urls")),
    path("", include("acceptance.urls")),
    path("", include("releases.urls")),
]

# Under /api/ an unknown path and a failure answer JSON; an unreachable database answers 503 everywhere.
handler404 = "secreleases.errors.not_found"
handler500 = "secreleases.errors.server_error"
