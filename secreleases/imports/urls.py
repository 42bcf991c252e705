from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("<uuid:pk>/", views.preview_page, name="preview"),
    path("<uuid:pk>/confirm/", views.confirm_page, name="confirm"),
]
