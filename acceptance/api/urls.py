from rest_framework.routers import SimpleRouter

from secreleases.api.base import SLUG_PATTERN

from .views import ReadinessReportViewSet

# The criteria and risks are routed by releases.api, which adds their readings as at a day (releases.asat).
router = SimpleRouter()
router.register(
    rf"releases/(?P<release_slug>{SLUG_PATTERN})/readiness", ReadinessReportViewSet, basename="readiness-report"
)

urlpatterns = router.urls
