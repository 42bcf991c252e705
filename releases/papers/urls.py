from django.urls import path

from . import views

# Included at /releases/<slug>/papers/ under the "releases" namespace.
urlpatterns = [
    path("", views.papers_page, name="papers"),
    path("<str:kind>.docx", views.paper_docx, name="paper-docx"),
    path("<str:kind>.pdf", views.paper_pdf, name="paper-pdf"),
    path("<str:kind>/history/", views.paper_history, name="paper-history"),
    path("<str:kind>/header/", views.paper_header, name="paper-header"),
    path("<str:kind>/sections/<str:section>/", views.paper_text, name="paper-text"),
]
