"""Criteria, risks and readiness reports as the API contract writes them."""

from django.db import transaction
from rest_framework import serializers

from releases.api.base import ModelRulesSerializer

from ..models import Criterion, ReadinessComponent, ReadinessReport, Risk


class CriterionSerializer(ModelRulesSerializer):
    assessed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Criterion
        fields = [
            "id",
            "category",
            "number",
            "text",
            "reviewer",
            "status",
            "evidence",
            "assessed_by",
            "assessed_on",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        validators = []

    def save_clean(self, instance, reason):
        if "status" in self.validated_data:
            instance.assessed_by = self.context["request"].user
        return super().save_clean(instance, reason)


class RiskSerializer(ModelRulesSerializer):
    class Meta:
        model = Risk
        fields = [
            "id",
            "kind",
            "description",
            "mitigations",
            "views",
            "likelihood",
            "impact",
            "status",
            "raised_by",
            "source",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class ReadinessComponentSerializer(serializers.ModelSerializer):
    meets_target = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = ReadinessComponent
        fields = ["name", "state", "target_state", "rag", "rationale", "meets_target"]
        validators = []


class ReadinessReportSerializer(ModelRulesSerializer):
    components = ReadinessComponentSerializer(many=True, help_text="In the report's order; a write replaces them all.")

    class Meta:
        model = ReadinessReport
        fields = ["id", "as_at", "target_date", "source", "components", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []

    def validate_components(self, components):
        names = [c["name"].strip().lower() for c in components]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise serializers.ValidationError(f"Each component appears once; repeated: {', '.join(duplicates)}.")
        return components

    @transaction.atomic
    def create(self, validated_data):
        components = validated_data.pop("components", [])
        report = super().create(validated_data)
        self.write_components(report, components)
        return report

    @transaction.atomic
    def update(self, instance, validated_data):
        components = validated_data.pop("components", None)
        report = super().update(instance, validated_data)
        if components is not None:
            self.write_components(report, components)
        return report

    def write_components(self, report, components):
        """The report's rows become exactly `components`: kept rows are updated, so their history reads well."""
        existing = {c.name: c for c in report.components.all()}
        wanted = {c["name"] for c in components}
        for name, component in existing.items():
            if name not in wanted:
                component._change_reason = "Removed through the API"
                component.delete()
        for position, data in enumerate(components):
            component = existing.get(data["name"]) or ReadinessComponent(report=report, name=data["name"])
            for field, value in data.items():
                setattr(component, field, value)
            component.position = position
            component.full_clean()
            component._change_reason = "Reported through the API"
            component.save()
        # The report's own timestamp moves too, so its ETag and the list's change with its rows.
        report._change_reason = "Components reported through the API"
        report.save()
        if hasattr(report, "_prefetched_objects_cache"):
            report._prefetched_objects_cache.pop("components", None)
