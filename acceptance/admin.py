from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Criterion, ReadinessComponent, ReadinessReport, Risk, StandardCriterion


@admin.register(StandardCriterion)
class StandardCriterionAdmin(SimpleHistoryAdmin):
    list_display = ("category", "number", "reviewer", "text")
    list_filter = ("category", "reviewer")
    search_fields = ("text",)


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ("release", "category", "number", "reviewer", "status", "assessed_on", "short_text")
    list_filter = ("release", "category", "reviewer", "status")
    search_fields = ("text", "evidence")
    list_select_related = ("release",)
    raw_id_fields = ("assessed_by",)

    @admin.display(description="criterion")
    def short_text(self, criterion):
        return criterion.text[:90]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ("release", "kind", "short_description", "likelihood", "impact", "status")
    list_filter = ("kind", "status", "release")
    search_fields = ("description", "mitigations", "views")
    list_select_related = ("release",)

    @admin.display(description="description")
    def short_description(self, risk):
        return risk.description[:90]


class ReadinessComponentInline(admin.TabularInline):
    model = ReadinessComponent
    extra = 0
    fields = ("position", "name", "state", "target_state", "rag", "rationale")


@admin.register(ReadinessReport)
class ReadinessReportAdmin(SimpleHistoryAdmin):
    list_display = ("release", "as_at", "target_date", "source")
    list_filter = ("release",)
    list_select_related = ("release",)
    inlines = (ReadinessComponentInline,)
    date_hierarchy = "as_at"


@admin.register(ReadinessComponent)
class ReadinessComponentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "report", "state", "target_state", "rag")
    raw_id_fields = ("report",)
    list_filter = ("rag", "state")
    search_fields = ("name", "rationale")
    list_select_related = ("report__release",)
