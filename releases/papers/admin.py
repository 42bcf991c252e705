"""The paper headers in the admin, with their history (registered from releases/admin.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import PaperHeader


@admin.register(PaperHeader)
class PaperHeaderAdmin(SimpleHistoryAdmin):
    list_display = ("release", "kind", "reference", "body", "action", "date")
    list_filter = ("kind", "body")
    list_select_related = ("release",)
    search_fields = ("reference", "authors", "release__name")
