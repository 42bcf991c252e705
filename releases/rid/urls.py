from django.urls import path

from . import views

# Included at /releases/<slug>/rid/ under the "releases" namespace.
urlpatterns = [
    path("", views.rid_page, name="rid"),
    path("preview/", views.rid_preview, name="rid-preview"),
    path("preview.pdf", views.rid_preview_pdf, name="rid-preview-pdf"),
    path("preview.docx", views.rid_preview_docx, name="rid-preview-docx"),
    path("baseline/", views.rid_baseline, name="rid-baseline"),
    path("compare/", views.rid_compare, name="rid-compare"),
    path("v<str:version>/", views.rid_version, name="rid-version"),
    path("v<str:version>/pdf/", views.rid_pdf, name="rid-pdf"),
    path("v<str:version>/docx/", views.rid_docx, name="rid-docx"),
]
