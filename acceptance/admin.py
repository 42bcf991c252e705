from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from secreleases.backoffice import ReadOnlyAdmin

from .models import Criterion, CriterionChange, ReadinessComponent, ReadinessReport, Risk, StandardCriterion


@admin.register(StandardCriterion)
class StandardCriterionAdmin(SimpleHistoryAdmin):
    list_display = ("category", "number", "reviewer", "text")
    list_filter = ("category", "reviewer")
    search_fields = ("text",)


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    """Assessed here; added, amended and removed on the release page (Criterion.add, amend, remove), where the
    Panel approval that allowed the change is kept with it."""

    list_display = ("release", "category", "number", "reviewer", "status", "assessed_on", "short_text")
    list_filter = ("release", "category", "reviewer", "status")
    search_fields = ("text", "evidence")
    list_select_related = ("release",)
    raw_id_fields = ("assessed_by",)

    @admin.display(description="criterion")
    def short_text(self, criterion):
        return criterion.text[:90]

    def get_readonly_fields(self, request, obj=None):
        return ("release", "category", "number", "text", "release_page")

    @admin.display(description="add, amend or remove")
    def release_page(self, criterion):
        url = reverse("releases:detail", args=[criterion.release.slug]) + "#criteria"
        return format_html('<a href="{}">On the release page, with the Panel’s approval…</a>', url)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    """Edited here; closed on the release page (Risk.close), with the reason it is closed."""

    list_display = ("release", "kind", "short_description", "likelihood", "impact", "status")
    readonly_fields = ("status", "closed_on", "closure_reason")
    list_filter = ("kind", "status", "release")
    search_fields = ("description", "mitigations", "views")
    list_select_related = ("release",)

    @admin.display(description="description")
    def short_description(self, risk):
        return risk.description[:90]


class ReadinessComponentInline(admin.TabularInline):
    model = ReadinessComponent
    extra = 0
    can_delete = False
    fields = ("position", "name", "state", "target_state", "rag", "rationale")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReadinessReport)
class ReadinessReportAdmin(ReadOnlyAdmin):
    list_display = ("release", "as_at", "target_date", "source", "withdrawn_on")
    list_filter = ("release",)
    list_select_related = ("release",)
    inlines = (ReadinessComponentInline,)
    date_hierarchy = "as_at"
    readonly_fields = ("correct_or_withdraw",)

    @admin.display(description="correct or withdraw")
    def correct_or_withdraw(self, report):
        if report.is_withdrawn:
            return f"Withdrawn on {report.withdrawn_on:%-d %B %Y}: {report.withdrawal_reason}"
        slug = report.release.slug
        return format_html(
            '<a href="{}">Correct…</a> · <a href="{}">Withdraw…</a>',
            reverse("acceptance:readiness-correct", args=[slug, report.pk]),
            reverse("acceptance:readiness-withdraw", args=[slug, report.pk]),
        )


@admin.register(ReadinessComponent)
class ReadinessComponentAdmin(ReadOnlyAdmin):
    list_display = ("name", "report", "state", "target_state", "rag")
    raw_id_fields = ("report",)
    list_filter = ("rag", "state")
    search_fields = ("name", "rationale")
    list_select_related = ("report__release",)


@admin.register(CriterionChange)
class CriterionChangeAdmin(admin.ModelAdmin):
    """The record of a release's criteria added, amended and removed, each with the Panel approval: made by the
    verbs on the release page (or the API), read here."""

    list_display = ("label", "release", "action", "approved_on", "paper", "created_at")
    list_filter = ("action", "release")
    search_fields = ("label", "previous_text", "new_text", "paper", "reason")
    list_select_related = ("release",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
