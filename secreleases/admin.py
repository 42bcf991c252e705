"""The audit log (read-only), the lock-outs (which an administrator lifts), everyone's API tokens (which an
administrator revokes), for SECAS administrators; and webhook endpoints and deliveries."""

import axes.admin  # registers axes' admins now, so they can be replaced below  # noqa: F401
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin, messages

from .audit import lockout_lifted
from .models import ApiToken, AuditEvent, WebhookAttempt, WebhookDelivery, WebhookEndpoint


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "username", "ip_address", "detail", "actor", "request_id")
    list_filter = ("kind", "at")
    search_fields = ("username", "ip_address", "request_id", "detail")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    # The log is only ever written by the signals: nobody adds, edits or deletes an event.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(AccessAttempt)
# Sign-ins are in the audit log instead (AXES_DISABLE_ACCESS_LOG); failures too.
admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(axes.admin.AccessAttemptAdmin):
    """Failed sign-ins per username and address; deleting an attempt lifts its lock-out, in the audit log."""

    actions = ["lift_lockouts"]

    @admin.action(description="Lift the lock-out of the selected usernames and addresses", permissions=["delete"])
    def lift_lockouts(self, request, queryset):
        count = len(queryset)
        self.delete_queryset(request, queryset)
        messages.success(request, f"Lifted {count} lock-out(s): those sign-ins may be tried again now.")

    def delete_model(self, request, obj):
        lockout_lifted(request, username=obj.username, ip_address=obj.ip_address, actor=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for attempt in queryset:
            self.delete_model(request, attempt)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "Lift the lock-out" says what deleting does
        return actions

    @admin.display(description="status")
    def status(self, obj):
        if obj.failures_since_start >= settings.AXES_FAILURE_LIMIT:
            return "Locked out"
        return f"{settings.AXES_FAILURE_LIMIT - obj.failures_since_start} attempts left"


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Endpoints are registered on their own page (/integrations/webhooks/), where the secret is shown once."""

    list_display = ("url", "description", "active", "created_by", "created_at")
    list_filter = ("active",)
    readonly_fields = ("created_by", "created_at", "updated_at")
    fields = ("url", "description", "events", "active", "created_by", "created_at", "updated_at")

    def has_add_permission(self, request):
        return False


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("number", "started_at", "duration_ms", "status_code", "error", "response_excerpt")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "endpoint", "state", "attempts_made", "next_attempt_at", "delivered_at")
    list_filter = ("state", "endpoint")
    list_select_related = ("event", "endpoint")
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]
    inlines = [WebhookAttemptInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Everyone's tokens; an administrator revokes them. Their users create them (the key is shown only to them)."""

    list_display = ("name", "user", "prefix", "read_only", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("read_only", ("revoked_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    readonly_fields = ("user", "name", "prefix", "read_only", "created_at", "expires_at", "last_used_at")
    readonly_fields += ("revoked_at", "revoked_by")
    exclude = ("digest", "use_audited_at")
    actions = ["revoke"]

    @admin.action(description="Revoke the selected tokens", permissions=["change"])
    def revoke(self, request, queryset):
        revoked = sum(token.revoke(request=request) for token in queryset.select_related("user"))
        messages.success(request, f"Revoked {revoked} token(s): their next request will be refused.")

    # A token is made by its user on their tokens page, which shows the key once; it is revoked, never deleted,
    # so the audit log's story stays whole.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
