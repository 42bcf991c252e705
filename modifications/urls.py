from django.urls import path

from . import views

app_name = "modifications"

urlpatterns = [
    path("", views.modification_list, name="list"),
    path("<str:reference>/", views.modification_detail, name="detail"),
    path("<str:reference>/history/", views.history, name="history"),
    path("<str:reference>/rename/", views.rename, name="rename"),
]
