from rest_framework.routers import SimpleRouter

from .views import ChangeRequestViewSet, ModificationViewSet

router = SimpleRouter()
router.register("modifications", ModificationViewSet, basename="modification")
router.register("change-requests", ChangeRequestViewSet, basename="change-request")

urlpatterns = router.urls
