from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("<int:pk>/", views.endpoint_detail, name="detail"),
    path("<int:pk>/ping/", views.ping, name="ping"),
    path("<int:pk>/rotate-secret/", views.rotate_secret, name="rotate-secret"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/deliveries/<int:delivery_id>/send-again/", views.send_again, name="send-again"),
]
