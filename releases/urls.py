from django.urls import include, path

from . import feeds, spreadsheets, views

app_name = "releases"

urlpatterns = [
    path("", views.release_list, name="list"),
    path("planning/", views.planning, name="planning"),
    path("integrations/", feeds.integrations_page, name="integrations"),
    path("integrations/calendars/", feeds.calendar_feeds, name="calendar-feeds"),
    path("integrations/calendars/add/", feeds.calendar_feed_add, name="calendar-feed-add"),
    path("integrations/calendars/<int:pk>/revoke/", feeds.calendar_feed_revoke, name="calendar-feed-revoke"),
    path("calendar/<str:token>.ics", feeds.personal_calendar, name="personal-calendar"),
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
    path("releases/<slug:slug>/calendar.ics", feeds.release_calendar, name="calendar"),
    path("releases/<slug:slug>/import/", spreadsheets.import_spreadsheet, name="import"),
    path("releases/<slug:slug>/rid/", include("releases.rid.urls")),
    path("releases/<slug:slug>/papers/", include("releases.papers.urls")),
]
