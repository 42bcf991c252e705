from django.urls import path

from . import views

app_name = "modifications"

urlpatterns = [
    path("", views.modification_list, name="list"),
    path("new/", views.modification_new, name="new"),
    path("dependencies/<int:pk>/remove/", views.dependency_remove, name="dependency-remove"),
    path("<str:reference>/", views.modification_detail, name="detail"),
    path("<str:reference>/edit/", views.modification_edit, name="edit"),
    path("<str:reference>/decide/", views.decide, name="decide"),
    path("<str:reference>/target/", views.target, name="target"),
    path("<str:reference>/dependencies/add/", views.dependency_add, name="dependency-add"),
    path("<str:reference>/history/", views.history, name="history"),
    path("<str:reference>/rename/", views.rename, name="rename"),
    path("<str:reference>/promote/", views.promote, name="promote"),
]
