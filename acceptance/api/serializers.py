"""Criteria, risks and readiness reports as the API contract writes them."""

from django.db import transaction
from rest_framework import serializers

from secreleases.api.base import ModelRulesSerializer

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

    def create(self, validated_data):
        components = validated_data.pop("components", [])
        return ReadinessReport.record(components=components, reason="Reported through the API", **validated_data)

    @transaction.atomic
    def update(self, instance, validated_data):
        components = validated_data.pop("components", None)
        report = super().update(instance, validated_data)
        if components is not None:
            report.replace_components(components, reason="Components reported through the API")
        return report
