from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from acceptance.models import Criterion

from .models import (
    CalendarFeed,
    CostBreakdownLine,
    CutOffReminder,
    Decision,
    Milestone,
    Narrative,
    Paper,
    Release,
    ReleaseDateChange,
    ReleaseFollow,
    ReminderLeadTime,
    RidPdf,
    RidVersion,
    ScopeItem,
    SecasCost,
    User,
)


@admin.register(User)
class SecReleasesUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role_list", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="roles")
    def role_list(self, user):
        return ", ".join(user.role_names) or "—"


class ScopeItemInline(admin.TabularInline):
    model = ScopeItem
    fk_name = "release"
    extra = 0
    fields = (
        "modification",
        "part",
        "inclusion",
        "cut_off_date",
        "fall_back_release",
        "description",
        "status_note",
        "added_on",
        "is_exception",
        "exception_approved_on",
        "exception_paper",
    )
    readonly_fields = ("is_exception",)
    autocomplete_fields = ("modification", "fall_back_release")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("modification", "fall_back_release", "release")


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("kind", "position", "date", "event", "forecast_date", "actual_date", "brag", "owner", "notes")


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("category", "number", "text", "reviewer", "status", "evidence", "assessed_by", "assessed_on")
    raw_id_fields = ("assessed_by",)


class CostBreakdownLineInline(admin.TabularInline):
    model = CostBreakdownLine
    extra = 0
    autocomplete_fields = ("modification",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("modification")


class SecasCostInline(admin.TabularInline):
    model = SecasCost
    extra = 0


class NarrativeInline(admin.StackedInline):
    model = Narrative
    extra = 0
    fields = ("document", "section", "text", "source")


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


class ReleaseDateChangeInline(admin.TabularInline):
    model = ReleaseDateChange
    extra = 0
    fields = ("kind", "previous_date", "new_date", "reason", "decided_on", "paper")


@admin.register(Release)
class ReleaseAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "implementation_date",
        "status",
        "system_scope_lock_date",
        "document_scope_lock_date",
        "dcc_quoted_total",
    )
    list_filter = ("status", "implementation_date")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    date_hierarchy = "implementation_date"
    readonly_fields = (
        "breakdown_total",
        "cost_difference",
        "system_scope_lock_recorded",
        "document_scope_lock_recorded",
    )
    inlines = (
        ScopeItemInline,
        MilestoneInline,
        CriterionInline,
        CostBreakdownLineInline,
        SecasCostInline,
        DecisionInline,
        NarrativeInline,
        ReleaseDateChangeInline,
    )
    fieldsets = (
        (None, {"fields": ("name", "slug", "status", "implementation_date", "classification", "web_page")}),
        (
            "Scope locks",
            {
                "description": "Set a date the Panel recorded; leave it empty for the policy default (12 and 6 months "
                "before go-live), which moves with go-live.",
                "fields": (
                    ("system_scope_lock_date", "system_scope_lock_recorded"),
                    ("document_scope_lock_date", "document_scope_lock_recorded"),
                ),
            },
        ),
        ("RID text", {"fields": ("summary", "test_strategy", "other_code_impacts")}),
        (
            "Costs",
            {"fields": ("dcc_quoted_total", "breakdown_total", "cost_difference", "operational_cost_impact")},
        ),
        ("Source", {"fields": ("source_note",)}),
    )

    @admin.display(description="breakdown total")
    def breakdown_total(self, release):
        return release.breakdown_total()

    @admin.display(description="quoted total minus breakdown")
    def cost_difference(self, release):
        return release.cost_difference()


@admin.register(ScopeItem)
class ScopeItemAdmin(SimpleHistoryAdmin):
    list_display = (
        "modification",
        "part",
        "release",
        "inclusion",
        "cut_off_date",
        "fall_back_release",
        "is_exception",
        "added_on",
    )
    list_filter = ("inclusion", "release", "is_exception", "modification__impacts_dcc_systems")
    search_fields = ("modification__reference", "modification__title", "modification__aliases__alias", "status_note")
    list_select_related = ("modification", "release", "fall_back_release")
    autocomplete_fields = ("modification", "fall_back_release", "release")
    raw_id_fields = ("replaces",)
    readonly_fields = ("is_exception",)
    date_hierarchy = "cut_off_date"


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ("event", "release", "kind", "date", "forecast_date", "actual_date", "brag", "owner")
    list_filter = ("release", "kind", "brag", "owner")
    search_fields = ("event", "notes")
    list_select_related = ("release",)
    date_hierarchy = "date"


@admin.register(CostBreakdownLine)
class CostBreakdownLineAdmin(SimpleHistoryAdmin):
    list_display = ("modification", "release", "design_build_pit", "sit", "uit", "implement_to_live", "total")
    list_filter = ("release",)
    search_fields = ("modification__reference",)
    list_select_related = ("modification", "release")
    autocomplete_fields = ("modification",)


@admin.register(SecasCost)
class SecasCostAdmin(SimpleHistoryAdmin):
    list_display = ("activity", "release", "days", "amount")
    list_filter = ("release",)
    list_select_related = ("release",)


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("release", "body", "outcome", "date", "paper")
    list_filter = ("body", "outcome", "release")
    search_fields = ("paper", "notes")
    list_select_related = ("release",)


@admin.register(Paper)
class PaperAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "title", "body", "action", "date")
    list_filter = ("body", "action", "classification")
    search_fields = ("reference", "title")


@admin.register(ReleaseDateChange)
class ReleaseDateChangeAdmin(SimpleHistoryAdmin):
    list_display = ("release", "kind", "previous_date", "new_date", "decided_on", "paper")
    list_filter = ("kind", "release")
    list_select_related = ("release",)


@admin.register(RidVersion)
class RidVersionAdmin(SimpleHistoryAdmin):
    list_display = ("release", "version", "dated", "baselined_on", "paper", "has_snapshot")
    list_filter = ("release",)
    search_fields = ("version", "changes", "paper")
    list_select_related = ("release",)
    readonly_fields = ("snapshot",)

    @admin.display(boolean=True, description="snapshot")
    def has_snapshot(self, version):
        return version.snapshot is not None

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_baseline:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_baseline:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(RidPdf)
class RidPdfAdmin(admin.ModelAdmin):
    list_display = ("rid_version", "state", "size_bytes", "render_seconds", "rendered_at")
    raw_id_fields = ("rid_version",)
    list_filter = ("state",)
    list_select_related = ("rid_version__release",)


@admin.register(ReleaseFollow)
class ReleaseFollowAdmin(SimpleHistoryAdmin):
    list_display = ("user", "release", "following")
    list_filter = ("following", "release")
    list_select_related = ("user", "release")


@admin.register(ReminderLeadTime)
class ReminderLeadTimeAdmin(SimpleHistoryAdmin):
    list_display = ("days",)


@admin.register(CutOffReminder)
class CutOffReminderAdmin(admin.ModelAdmin):
    list_display = ("scope_item", "recipient", "lead_days", "cut_off_date", "sent_at")
    raw_id_fields = ("scope_item", "recipient")
    list_filter = ("lead_days",)
    list_select_related = ("scope_item__modification", "scope_item__release", "recipient")
    date_hierarchy = "sent_at"


@admin.register(Narrative)
class NarrativeAdmin(SimpleHistoryAdmin):
    list_display = ("release", "document", "section", "source", "updated_at")
    list_filter = ("document", "release")
    search_fields = ("text", "source", "section")
    autocomplete_fields = ("release",)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(SimpleHistoryAdmin):
    """Who has which calendar address; revoking one here (or on the user's page) makes it answer 404."""

    list_display = ("user", "release", "created_at", "revoked_at")
    list_filter = ("revoked_at", "release")
    list_select_related = ("user", "release")
    readonly_fields = ("user", "release", "created_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected calendar addresses")
    def revoke(self, request, queryset):
        for feed in queryset.live():
            feed.revoke()
