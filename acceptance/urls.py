from django.urls import path

from . import views

app_name = "acceptance"

# Under a release's pages: /releases/<slug>/criteria/..., /releases/<slug>/risks/... and /releases/<slug>/readiness/...
urlpatterns = [
    path("releases/<slug:slug>/criteria/add/", views.criterion_add, name="criterion-add"),
    path("releases/<slug:slug>/criteria/<int:pk>/", views.criterion_assess, name="criterion-assess"),
    path("releases/<slug:slug>/criteria/<int:pk>/amend/", views.criterion_amend, name="criterion-amend"),
    path("releases/<slug:slug>/criteria/<int:pk>/remove/", views.criterion_remove, name="criterion-remove"),
    path("releases/<slug:slug>/risks/add/", views.risk_add, name="risk-add"),
    path("releases/<slug:slug>/risks/<int:pk>/", views.risk_change, name="risk-change"),
    path("releases/<slug:slug>/risks/<int:pk>/close/", views.risk_close, name="risk-close"),
    path("releases/<slug:slug>/readiness/add/", views.readiness_add, name="readiness-add"),
    path("releases/<slug:slug>/readiness/<int:pk>/", views.readiness_correct, name="readiness-correct"),
    path("releases/<slug:slug>/readiness/<int:pk>/withdraw/", views.readiness_withdraw, name="readiness-withdraw"),
]
