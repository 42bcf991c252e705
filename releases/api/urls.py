from django.urls import include, path
from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = [
    *router.urls,
    # The RID endpoints (releases/{slug}/rids/...) are built with the RID feature.
    path("releases/<slug:slug>/rids/", include("releases.rid.api_urls")),
]
