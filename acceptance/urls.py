from django.urls import path

from . import views

app_name = "acceptance"

# Under a release's pages: /releases/<slug>/criteria/... and /releases/<slug>/readiness/...
urlpatterns = [
    path("releases/<slug:slug>/criteria/<int:pk>/", views.criterion_assess, name="criterion-assess"),
    path("releases/<slug:slug>/readiness/add/", views.readiness_add, name="readiness-add"),
    path("releases/<slug:slug>/readiness/<int:pk>/", views.readiness_correct, name="readiness-correct"),
    path("releases/<slug:slug>/readiness/<int:pk>/withdraw/", views.readiness_withdraw, name="readiness-withdraw"),
]
