from django.urls import path

from . import change_requests as views

app_name = "change_requests"

urlpatterns = [
    path("", views.change_request_list, name="list"),
    path("new/", views.change_request_new, name="new"),
    path("<int:pk>/", views.change_request_detail, name="detail"),
    path("<int:pk>/edit/", views.change_request_edit, name="edit"),
    path("<int:pk>/history/", views.change_request_history_page, name="history"),
    path("<int:pk>/dependants/add/", views.dependant_add, name="dependant-add"),
]
