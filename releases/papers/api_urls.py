from django.urls import path

from . import api

# Included under /api/v1/releases/<slug:slug>/papers/.
urlpatterns = [
    path("", api.PaperListView.as_view(), name="paper-list"),
    path("<str:kind>/", api.PaperDetailView.as_view(), name="paper-detail"),
]
