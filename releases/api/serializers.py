"""Releases, scope items, milestones and decisions as the API contract writes them."""

from django.db import transaction
from rest_framework import serializers

from modifications.api.serializers import ModificationRefField as ModificationReferenceField
from modifications.api.serializers import ReleaseSlugField
from secreleases.api.base import ModelRulesSerializer, QuickRepresentation

from ..choices import Inclusion
from ..models import Decision, Milestone, Release, ReleaseDateChange, ScopeItem
from ..models.release import RESCHEDULE_NEEDS_REASON


class ReleaseSerializer(ModelRulesSerializer):
    date_change_reason = serializers.CharField(
        write_only=True,
        required=False,
        max_length=2000,
        help_text="Why the go-live or a scope-lock date changes: required with such a change, kept with the date's "
        "revision.",
    )

    class Meta:
        model = Release
        fields = [
            "slug",
            "name",
            "implementation_date",
            "go_live_half_year",
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
        # The same verb as the browser and the admin: the standard criteria, timetable and scope locks.
        return Release.objects.start(by=self.context["request"].user, **validated_data)

    @transaction.atomic
    def update(self, instance, validated_data):
        reason = validated_data.pop("date_change_reason", "")
        for kind, field in ReleaseDateChange.FIELD_FOR_KIND.items():
            if field in validated_data and validated_data[field] != getattr(instance, field):
                if not reason.strip():
                    raise serializers.ValidationError({"date_change_reason": [RESCHEDULE_NEEDS_REASON]})
                # A date is rescheduled, never overwritten: its revision keeps the old date and the reason.
                instance.reschedule(kind, validated_data.pop(field), reason=reason, by=self.context["request"].user)
                instance.refresh_from_db()
            validated_data.pop(field, None)
        if "dcc_quoted_total" in validated_data:
            # The quote is recorded by its verb, as the release page does, with the reason given.
            quote = validated_data.pop("dcc_quoted_total")
            if quote != instance.dcc_quoted_total:
                instance = instance.record_dcc_quote(
                    quote, reason=reason or "DCC quoted total recorded through the API"
                )
        if not validated_data:
            return instance
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self.save_clean(instance, reason or self.change_reason_default)


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

    def create(self, validated_data):
        validated_data.pop("reason", None)
        release = validated_data.pop("release")
        return ScopeItem.add(release=release, **validated_data)

    def update(self, instance, validated_data):
        reason = validated_data.pop("reason", "")
        if "modification" in validated_data and validated_data["modification"].pk != instance.modification_id:
            raise serializers.ValidationError({"modification": "An item keeps its modification; add a new item."})
        validated_data.pop("modification", None)
        inclusion = validated_data.pop("inclusion", instance.inclusion)
        if inclusion == Inclusion.APPROVED and instance.inclusion == Inclusion.TARGETED:
            # The approve verb, at this door: PATCH {"inclusion": "approved"}.
            instance.approve(reason=reason)
            instance.refresh_from_db()
        elif inclusion != instance.inclusion:
            validated_data["inclusion"] = inclusion  # refused by the model, with the verbs to use instead
        if not validated_data:
            return instance
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

    def create(self, validated_data):
        release = validated_data.pop("release")
        return Milestone.add(
            release=release, by=self.context["request"].user, reason="Added through the API", **validated_data
        )

    def update(self, instance, validated_data):
        # The DCC may change the forecast, actual date and BRAG only (Milestone.check_writer): 403 otherwise.
        return instance.revise(by=self.context["request"].user, reason=self.change_reason_default, **validated_data)


class CorrectionSerializer(ModelRulesSerializer):
    """A write to what was recorded is a correction, with its reason (required); DELETE withdraws, with ?reason=."""

    reason = serializers.CharField(
        write_only=True, required=False, max_length=2000, help_text="Why it is corrected: required, kept in history."
    )

    def update(self, instance, validated_data):
        return instance.correct(reason=validated_data.pop("reason", ""), **validated_data)


class DecisionSerializer(CorrectionSerializer):
    class Meta:
        model = Decision
        fields = [
            "id",
            "body",
            "outcome",
            "date",
            "paper",
            "notes",
            "withdrawn_on",
            "withdrawal_reason",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["withdrawn_on", "withdrawal_reason", "updated_at"]
        validators = []  # one per body and date is the model's rule (409), not a 400 here

    def create(self, validated_data):
        validated_data.pop("reason", None)
        return Decision.record(reason="Recorded through the API", **validated_data)


class ReleaseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Release
        fields = ["slug", "name", "implementation_date", "status"]
