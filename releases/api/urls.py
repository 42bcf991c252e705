from django.urls import include, path
from rest_framework.routers import SimpleRouter

from secreleases.api.base import SLUG_PATTERN

from .acceptance import CriterionViewSet, RiskViewSet
from .calendar import CalendarFeedViewSet
from .views import (
    DecisionViewSet,
    MilestoneViewSet,
    ReleaseChangeRequestViewSet,
    ReleaseViewSet,
    ScopeItemViewSet,
)

NESTED = rf"releases/(?P<release_slug>{SLUG_PATTERN})"

router = SimpleRouter()
router.register("releases", ReleaseViewSet, basename="release")
router.register("calendar-feeds", CalendarFeedViewSet, basename="calendar-feed")
router.register(f"{NESTED}/scope", ScopeItemViewSet, basename="scope-item")
router.register(f"{NESTED}/change-requests", ReleaseChangeRequestViewSet, basename="release-change-request")
router.register(f"{NESTED}/milestones", MilestoneViewSet, basename="milestone")
router.register(f"{NESTED}/decisions", DecisionViewSet, basename="decision")
router.register(f"{NESTED}/criteria", CriterionViewSet, basename="criterion")
router.register(f"{NESTED}/risks", RiskViewSet, basename="risk")

urlpatterns = [
    *router.urls,
    # The RID endpoints (releases/{slug}/rids/...) are built with the RID feature.
    path("releases/<slug:slug>/rids/", include("releases.rid.api_urls")),
    path("releases/<slug:slug>/papers/", include("releases.papers.api_urls")),
]
