from django.urls import path

from . import views

app_name = "acceptance"

# Under a release's pages: /releases/<slug>/criteria/... and /releases/<slug>/readiness/...
urlpatterns = [
    path("releases/<slug:slug>/criteria/<int:pk>/", views.criterion_assess, name="criterion-assess"),
    path("releases/<slug:slug>/readiness/add/", views.readiness_add, name="readiness-add"),
]
