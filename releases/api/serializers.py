"""Releases, scope items, milestones and decisions as the API contract writes them."""

from django.db import transaction
from rest_framework import serializers

from modifications.api.serializers import ModificationRefField as ModificationReferenceField
from modifications.api.serializers import ReleaseSlugField
from secreleases.api.base import ModelRulesSerializer, QuickRepresentation

from ..choices import ACTIVE_INCLUSIONS, DateKind
from ..models import Decision, Milestone, Release, ScopeItem
from ..models.scope import ScopeRuleError


class ReleaseSerializer(ModelRulesSerializer):
    date_change_reason = serializers.CharField(
        write_only=True,
        required=False,
        max_length=2000,
        help_text="Why the go-live date changes (kept with the date's revision).",
    )

    class Meta:
        model = Release
        fields = [
            "slug",
            "name",
            "implementation_date",
            "status",
            "system_scope_lock_date",
            "document_scope_lock_date",
            "summary",
            "test_strategy",
            "other_code_impacts",
            "dcc_quoted_total",
            "operational_cost_impact",
            "classification",
            "web_page",
            "updated_at",
            "date_change_reason",
        ]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"dcc_quoted_total": {"coerce_to_string": True}}

    def create(self, validated_data):
        validated_data.pop("date_change_reason", None)
        return super().create(validated_data)

    @transaction.atomic
    def update(self, instance, validated_data):
        reason = validated_data.pop("date_change_reason", "") or "Changed through the API"
        if "implementation_date" in validated_data:
            new_date = validated_data.pop("implementation_date")
            if new_date != instance.implementation_date:
                # The go-live date is rescheduled, never overwritten: its revision keeps the old date.
                by = self.context["request"].user
                instance.reschedule(DateKind.IMPLEMENTATION, new_date, reason=reason, by=by)
                instance.refresh_from_db()
        if not validated_data:
            return instance
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self.save_clean(instance, reason)


class ScopeItemSerializer(QuickRepresentation, serializers.ModelSerializer):
    modification = ModificationReferenceField(help_text="Any spelling; answered with the canonical reference.")
    modification_title = serializers.CharField(source="modification.title", read_only=True)
    release = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    fall_back_release = ReleaseSlugField(required=False, allow_null=True)
    replaces = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The item this one was moved from."
    )
    reason = serializers.CharField(
        write_only=True, required=False, max_length=2000, help_text="Why the item changes (kept in its history)."
    )

    class Meta:
        model = ScopeItem
        fields = [
            "id",
            "release",
            "modification",
            "modification_title",
            "part",
            "inclusion",
            "cut_off_date",
            "fall_back_release",
            "status_note",
            "added_on",
            "is_exception",
            "exception_approved_on",
            "exception_paper",
            "replaces",
            "change_reason",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["is_exception", "change_reason", "updated_at"]
        # The one-active-item rule is the model's (ScopeItem.add answers 409), not a 400 here.
        validators = []

    def validate_inclusion(self, value):
        if value not in ACTIVE_INCLUSIONS:
            raise serializers.ValidationError(
                "Set approved or targeted here; DELETE removes an item and move/ defers it to another release."
            )
        return value

    def create(self, validated_data):
        validated_data.pop("reason", None)
        release = validated_data.pop("release")
        return ScopeItem.add(release=release, by=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        reason = validated_data.pop("reason", "")
        if not instance.is_active and validated_data.get("inclusion", instance.inclusion) != instance.inclusion:
            # Raised here, not in validation: DRF would turn it into a 400; a rule answers 409.
            raise ScopeRuleError(f"This item is {instance.inclusion} and stays so as history; add a new item instead.")
        if "modification" in validated_data and validated_data["modification"].pk != instance.modification_id:
            raise serializers.ValidationError({"modification": "An item keeps its modification; add a new item."})
        validated_data.pop("modification", None)
        return instance.update(reason=reason, **validated_data)


class ScopeMoveSerializer(serializers.Serializer):
    to = ReleaseSlugField(help_text="The slug of the release the item moves to.")
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MilestoneSerializer(ModelRulesSerializer):
    slippage_days = serializers.IntegerField(read_only=True, allow_null=True, help_text="Forecast minus planned.")

    class Meta:
        model = Milestone
        fields = [
            "id",
            "kind",
            "position",
            "event",
            "date",
            "forecast_date",
            "actual_date",
            "brag",
            "owner",
            "notes",
            "slippage_days",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class DecisionSerializer(ModelRulesSerializer):
    class Meta:
        model = Decision
        fields = ["id", "body", "outcome", "date", "paper", "notes", "updated_at"]
        read_only_fields = ["updated_at"]


class ReleaseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Release
        fields = ["slug", "name", "implementation_date", "status"]
