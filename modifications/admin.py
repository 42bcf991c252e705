from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from secreleases.models import related_model
from secreleases.pages import add_rule_error

from .forms import DecisionForm
from .models import (
    ChangeRequest,
    CrDependency,
    DocumentImpact,
    KeyDate,
    Modification,
    ModificationAlias,
    ParticipantImpact,
    SecDocument,
)


class AliasInline(admin.TabularInline):
    model = ModificationAlias
    extra = 0
    fields = ("alias",)


class ParticipantImpactInline(admin.TabularInline):
    model = ParticipantImpact
    extra = 0


class DocumentImpactInline(admin.TabularInline):
    model = DocumentImpact
    extra = 0
    autocomplete_fields = ("document",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document")


class KeyDateInline(admin.TabularInline):
    model = KeyDate
    extra = 0


class CrDependencyInline(admin.TabularInline):
    model = CrDependency
    extra = 0
    autocomplete_fields = ("change_request",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("change_request")


class ScopeHistoryInline(admin.TabularInline):
    """Where the modification is and has been, release by release (read-only here)."""

    model = related_model(Modification, "scope_items")
    fk_name = "modification"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("release", "part", "inclusion", "cut_off_date", "fall_back_release", "added_on", "status_note")
    readonly_fields = fields
    verbose_name_plural = "scope items (where it is and has been)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("release", "fall_back_release", "modification")


@admin.register(Modification)
class ModificationAdmin(SimpleHistoryAdmin):
    list_display = (
        "reference",
        "title",
        "phase",
        "route",
        "impacts_dcc_systems",
        "impacts_duis",
        "impacts_gbcs",
        "impacts_ch_firmware",
        "alias_list",
    )
    list_filter = ("phase", "route", "impacts_dcc_systems", "impacts_duis", "impacts_gbcs", "impacts_ch_firmware")
    search_fields = ("reference", "title", "aliases__alias", "aliases__normalised")
    actions = ("promote",)
    inlines = (
        AliasInline,
        ParticipantImpactInline,
        DocumentImpactInline,
        KeyDateInline,
        CrDependencyInline,
        ScopeHistoryInline,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    def get_readonly_fields(self, request, obj=None):
        # A reference changes only by renaming (the old one stays as an alias), with a reason.
        return ("reference", "rename", "decide") if obj is not None else ()

    def get_fields(self, request, obj=None):
        own = ("reference", "rename", "decide")
        fields = [name for name in super().get_fields(request, obj) if name not in own]
        return [*own, *fields] if obj is not None else ["reference", *fields]

    @admin.display(description="rename")
    def rename(self, modification):
        url = reverse("modifications:rename", args=[modification.reference])
        return format_html('<a href="{}">Rename or promote, with a reason…</a>', url)

    @admin.display(description="decision")
    def decide(self, modification):
        url = reverse("admin:modifications_modification_decide", args=[modification.pk])
        return format_html('<a href="{}">Record a decision (and settle its scope items)…</a>', url)

    def get_urls(self):
        decide = path(
            "<int:pk>/decide/",
            self.admin_site.admin_view(self.decide_view),
            name="modifications_modification_decide",
        )
        return [decide, *super().get_urls()]

    def decide_view(self, request, pk):
        """Modification.record_decision, as the browser and the API call it; a rejection or send-back asks first."""
        modification = get_object_or_404(Modification, pk=pk)
        if not self.has_change_permission(request, modification):
            raise PermissionDenied
        form = DecisionForm(request.POST or None, instance=modification)
        plan = None
        if request.method == "POST" and form.is_valid():
            try:
                plan = modification.plan_decision(**form.verb_arguments())
                if not plan.changes_scope or form.cleaned_data["confirmed"]:
                    plan = modification.record_decision(
                        **form.verb_arguments(),
                        reason=form.cleaned_data["reason"],
                        paper=form.cleaned_data["paper"],
                    )
                    self.message_user(request, f"{plan.event}: now {plan.phase_label.lower()}.")
                    return redirect("admin:modifications_modification_change", modification.pk)
            except ValidationError as error:
                add_rule_error(form, error)
                plan = None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Record a decision on {modification.reference}",
            "opts": self.model._meta,
            "original": modification,
            "form": form,
            "plan": plan,
        }
        return TemplateResponse(request, "admin/modifications/modification/decide.html", context)

    @admin.action(description="Promote the selected Draft Proposals to Modification Proposals", permissions=["change"])
    def promote(self, request, queryset):
        for modification in queryset:
            old = modification.reference
            try:
                modification.promote_to_proposal()
            except ValidationError as error:
                self.message_user(request, f"{old}: {' '.join(error.messages)}", messages.WARNING)
            else:
                self.message_user(request, f"{old} is now {modification.reference}; {old} still finds it.")

    @admin.display(description="aliases")
    def alias_list(self, modification):
        return ", ".join(a.alias for a in modification.aliases.all()) or "—"


@admin.register(ModificationAlias)
class ModificationAliasAdmin(SimpleHistoryAdmin):
    list_display = ("alias", "modification")
    search_fields = ("alias", "modification__reference")
    list_select_related = ("modification",)
    autocomplete_fields = ("modification",)


@admin.register(ParticipantImpact)
class ParticipantImpactAdmin(SimpleHistoryAdmin):
    list_display = ("modification", "participant", "area", "summary")
    list_filter = ("participant",)
    search_fields = ("modification__reference", "summary")
    list_select_related = ("modification",)


@admin.register(SecDocument)
class SecDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "position")
    search_fields = ("code", "title")


@admin.register(DocumentImpact)
class DocumentImpactAdmin(SimpleHistoryAdmin):
    list_display = ("modification", "document")
    list_filter = ("document",)
    list_select_related = ("modification", "document")


@admin.register(KeyDate)
class KeyDateAdmin(SimpleHistoryAdmin):
    list_display = ("modification", "date", "event", "source")
    search_fields = ("modification__reference", "event")
    list_select_related = ("modification",)
    date_hierarchy = "date"


@admin.register(ChangeRequest)
class ChangeRequestAdmin(SimpleHistoryAdmin):
    list_display = (
        "display_number",
        "title",
        "originator",
        "modification",
        "release",
        "duis_schema_change",
        "duis_document_change",
        "smets_version",
        "gbcs_version",
        "proposed_duis_version",
    )
    list_filter = ("originator", "release", "duis_schema_change", "duis_document_change")
    search_fields = ("number", "title", "modification__reference")
    list_select_related = ("modification", "release")
    autocomplete_fields = ("modification", "release")

    @admin.display(description="number", ordering="number")
    def display_number(self, change_request):
        return change_request.display_number


@admin.register(CrDependency)
class CrDependencyAdmin(SimpleHistoryAdmin):
    list_display = ("modification", "change_request", "condition")
    list_select_related = ("modification", "change_request")
    autocomplete_fields = ("modification", "change_request")
