from django.urls import include, path

from . import views

app_name = "releases"

urlpatterns = [
    path("", views.release_list, name="list"),
    path("releases/<slug:slug>/rid/", include("releases.rid.urls")),
]
