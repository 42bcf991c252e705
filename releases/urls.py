from django.urls import include, path

from . import views

app_name = "releases"

urlpatterns = [
    path("", views.release_list, name="list"),
    path("planning/", views.planning, name="planning"),
    path("releases/<slug:slug>/", views.release_detail, name="detail"),
    path("releases/<slug:slug>/dashboard/", views.release_dashboard_page, name="dashboard"),
    path("releases/<slug:slug>/history/", views.history, name="history"),
    path("releases/<slug:slug>/follow/", views.follow, name="follow"),
    path("releases/<slug:slug>/scope/add/", views.scope_add, name="scope-add"),
    path("releases/<slug:slug>/scope/<int:pk>/", views.scope_change, name="scope-change"),
    path("releases/<slug:slug>/dates/", views.reschedule, name="reschedule"),
    path("releases/<slug:slug>/scope/<int:pk>/approve/", views.scope_approve, name="scope-approve"),
    path("releases/<slug:slug>/scope/<int:pk>/move/", views.scope_move, name="scope-move"),
    path("releases/<slug:slug>/scope/<int:pk>/remove/", views.scope_remove, name="scope-remove"),
    path("releases/<slug:slug>/milestones/<int:pk>/", views.milestone_change, name="milestone-change"),
    path("releases/<slug:slug>/decisions/add/", views.decision_add, name="decision-add"),
    path("releases/<slug:slug>/decisions/<int:pk>/", views.decision_correct, name="decision-correct"),
    path("releases/<slug:slug>/decisions/<int:pk>/withdraw/", views.decision_withdraw, name="decision-withdraw"),
    path("releases/<slug:slug>/rid/", include("releases.rid.urls")),
]
