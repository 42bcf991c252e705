"""What the apps' admins share."""

from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Rows that change only through a verb with its reason: read here (with their history), changed on the page
    that takes the reason."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
