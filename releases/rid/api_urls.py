from django.urls import path

from . import api

# Included under /api/v1/releases/<slug:slug>/rids/; baselines are found by their version number.
urlpatterns = [
    path("", api.RidListView.as_view(), name="rid-list"),
    path("<str:version>/", api.RidDetailView.as_view(), name="rid-detail"),
    path("<str:version>/pdf/", api.RidPdfView.as_view(), name="rid-pdf"),
    path("<str:version>/docx/", api.RidDocxView.as_view(), name="rid-docx"),
    path("<str:version>/diff/", api.RidDiffView.as_view(), name="rid-diff"),
]
