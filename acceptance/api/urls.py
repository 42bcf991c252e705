from rest_framework.routers import SimpleRouter

from secreleases.api.base import SLUG_PATTERN

from .views import CriterionViewSet, ReadinessReportViewSet, RiskViewSet

router = SimpleRouter()
router.register(rf"releases/(?P<release_slug>{SLUG_PATTERN})/criteria", CriterionViewSet, basename="criterion")
router.register(rf"releases/(?P<release_slug>{SLUG_PATTERN})/risks", RiskViewSet, basename="risk")
router.register(
    rf"releases/(?P<release_slug>{SLUG_PATTERN})/readiness", ReadinessReportViewSet, basename="readiness-report"
)

urlpatterns = router.urls
