from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from acceptance.models import Criterion
from secreleases.backoffice import ReadOnlyAdmin

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
from .models.timetable import PLAN_MILESTONES, REPORTED_FIELDS


@admin.register(User)
class SecReleasesUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role_list", "is_staff", "is_active")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="roles")
    def role_list(self, user):
        return ", ".join(user.role_names) or "—"


def page_link(url: str, text: str):
    return format_html('<a href="{}">{}</a>', url, text)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ScopeItemInline(admin.TabularInline):
    """Added here like anywhere (approved or targeted, into a release ahead of go-live); the inclusion then
    changes only by the verbs, on the item's page."""

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
    readonly_fields = ("inclusion", "is_exception")
    autocomplete_fields = ("modification", "fall_back_release")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("modification", "fall_back_release", "release")


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    can_delete = False  # removed by its verb, with the reason (its own admin page, the release page, the API)
    fields = ("kind", "position", "date", "event", "forecast_date", "actual_date", "brag", "owner", "notes")

    def get_readonly_fields(self, request, obj=None):
        return milestone_readonly_fields(request, self.fields)


class CriterionInline(admin.TabularInline):
    """Assessed here; added, amended and removed on the release page, with the Panel approval that allowed it."""

    model = Criterion
    extra = 0
    can_delete = False
    fields = ("category", "number", "text", "reviewer", "status", "evidence", "assessed_by", "assessed_on")
    readonly_fields = ("category", "number", "text")
    raw_id_fields = ("assessed_by",)

    def has_add_permission(self, request, obj=None):
        return False


class CostBreakdownLineInline(admin.TabularInline):
    model = CostBreakdownLine
    extra = 0
    can_delete = False  # removed by its verb, with the reason (its own admin page or the release page)
    autocomplete_fields = ("modification",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("modification")


class SecasCostInline(admin.TabularInline):
    model = SecasCost
    extra = 0
    can_delete = False  # removed by its verb, with the reason (its own admin page or the release page)


class NarrativeInline(admin.StackedInline):
    model = Narrative
    extra = 0
    fields = ("document", "section", "text", "source")


class DecisionInline(ReadOnlyInline):
    """Recorded, corrected and withdrawn on the release page, so the Panel's decision sets the status."""

    model = Decision
    fields = ("body", "outcome", "date", "paper", "notes", "withdrawn_on", "withdrawal_reason")
    readonly_fields = fields


class ReleaseDateChangeInline(ReadOnlyInline):
    """Made by rescheduling (the release page's "Reschedule go-live or a scope lock"), never typed in."""

    model = ReleaseDateChange
    fields = ("kind", "previous_date", "new_date", "reason", "decided_on", "paper")
    readonly_fields = fields


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
        "change_dates",
    )
    # Set when the release is created; after that only rescheduling changes them, with a reason.
    date_fields = ("implementation_date", "system_scope_lock_date", "document_scope_lock_date")
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
                "before go-live), which moves with go-live. Once the release exists, these dates and go-live "
                "change only by rescheduling, with a reason.",
                "fields": (
                    ("system_scope_lock_date", "system_scope_lock_recorded"),
                    ("document_scope_lock_date", "document_scope_lock_recorded"),
                    "change_dates",
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

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # The quote changes by Release.record_dcc_quote (the release page's Costs, or the API), with its reason.
        return (*fields, *self.date_fields, "dcc_quoted_total") if obj is not None else fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # The same verb as the browser and the API: the standard criteria, timetable and scope locks.
        obj.start(by=request.user)

    @admin.display(description="change a date")
    def change_dates(self, release):
        if release.pk is None:
            return "—"
        return page_link(reverse("releases:reschedule", args=[release.slug]), "Reschedule go-live or a scope lock…")

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
    readonly_fields = ("inclusion", "is_exception", "replaces", "verbs")
    date_hierarchy = "cut_off_date"
    actions = ("approve",)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:  # a new item is added approved or targeted
            return ("is_exception", "replaces", "verbs")
        return (*self.readonly_fields, "release", "modification", "part")

    @admin.display(description="approve, move, remove")
    def verbs(self, item):
        if item.pk is None or not item.is_active:
            return "—"
        links = [
            page_link(reverse(f"releases:scope-{verb}", args=[item.release.slug, item.pk]), label)
            for verb, label in (("approve", "Approve…"), ("move", "Move…"), ("remove", "Remove…"))
            if verb != "approve" or item.inclusion == "targeted"
        ]
        return format_html(" · ".join(["{}"] * len(links)), *links)

    @admin.action(description="Approve the selected targeted items for inclusion", permissions=["change"])
    def approve(self, request, queryset):
        approved = []
        for item in queryset.select_related("modification"):
            try:
                item.approve(reason="Approved in the admin")
            except ValidationError as error:
                self.message_user(request, f"{item.label}: {' '.join(error.messages)}", messages.WARNING)
            else:
                approved.append(item.label)
        if approved:
            self.message_user(request, f"Approved for inclusion: {', '.join(approved)}.")


def milestone_readonly_fields(request, fields) -> tuple:
    """The DCC changes what it reports of a milestone (Milestone.check_writer); SECAS plans the rest."""
    if request.user.has_perm(PLAN_MILESTONES):
        return ()
    return tuple(name for name in fields if name not in REPORTED_FIELDS)


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ("event", "release", "kind", "date", "forecast_date", "actual_date", "brag", "owner")
    list_filter = ("release", "kind", "brag", "owner")
    search_fields = ("event", "notes")
    list_select_related = ("release",)
    date_hierarchy = "date"
    fields = ("release", "kind", "position", "event", "date", "forecast_date", "actual_date", "brag", "owner", "notes")

    def get_readonly_fields(self, request, obj=None):
        return milestone_readonly_fields(request, self.fields)

    def save_model(self, request, obj, form, change):
        if change:
            obj.check_writer(request.user, set(form.changed_data))
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj.remove(by=request.user, reason="Removed in the admin")


class RemovedByVerb:
    """Deleting a cost row in the admin is its `remove` verb, so the history says where it went."""

    def delete_model(self, request, obj):
        obj.remove(reason="Removed in the admin")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            obj.remove(reason="Removed in the admin")


@admin.register(CostBreakdownLine)
class CostBreakdownLineAdmin(RemovedByVerb, SimpleHistoryAdmin):
    list_display = ("modification", "release", "design_build_pit", "sit", "uit", "implement_to_live", "total")
    list_filter = ("release",)
    search_fields = ("modification__reference",)
    list_select_related = ("modification", "release")
    autocomplete_fields = ("modification",)


@admin.register(SecasCost)
class SecasCostAdmin(RemovedByVerb, SimpleHistoryAdmin):
    list_display = ("activity", "release", "days", "amount")
    list_filter = ("release",)
    list_select_related = ("release",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    """Recorded, corrected (with a reason) and withdrawn on the release page: the Panel's decision sets the status."""

    list_display = ("release", "body", "outcome", "date", "paper", "withdrawn_on")
    list_filter = ("body", "outcome", "release")
    search_fields = ("paper", "notes")
    list_select_related = ("release",)
    readonly_fields = ("correct_or_withdraw",)

    @admin.display(description="correct or withdraw")
    def correct_or_withdraw(self, decision):
        if decision.is_withdrawn:
            return f"Withdrawn on {decision.withdrawn_on:%-d %B %Y}: {decision.withdrawal_reason}"
        slug = decision.release.slug
        return format_html(
            "{} · {}",
            page_link(reverse("releases:decision-correct", args=[slug, decision.pk]), "Correct…"),
            page_link(reverse("releases:decision-withdraw", args=[slug, decision.pk]), "Withdraw…"),
        )


@admin.register(Paper)
class PaperAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "title", "body", "action", "date")
    list_filter = ("body", "action", "classification")
    search_fields = ("reference", "title")


@admin.register(ReleaseDateChange)
class ReleaseDateChangeAdmin(ReadOnlyAdmin):
    """Made by rescheduling, with the reason; the release's page changes a date."""

    list_display = ("release", "kind", "previous_date", "new_date", "decided_on", "paper")
    list_filter = ("kind", "release")
    list_select_related = ("release",)


@admin.register(RidVersion)
class RidVersionAdmin(SimpleHistoryAdmin):
    """Drafts are typed in here; baselining freezes a snapshot, on the RID page."""

    list_display = ("release", "version", "dated", "baselined", "baselined_on", "paper", "has_snapshot")
    list_filter = ("release", "baselined")
    search_fields = ("version", "changes", "paper")
    list_select_related = ("release",)
    readonly_fields = ("baselined", "baselined_on", "snapshot", "baseline_it")

    @admin.display(description="baseline")
    def baseline_it(self, version):
        if version.pk is None:
            return "Save the draft, then baseline it on the release's RID page."
        return page_link(reverse("releases:rid", args=[version.release.slug]), "Baseline on the RID page…")

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


# The papers keep their admin beside them.
from .papers import admin as papers_admin  # noqa: E402, F401
