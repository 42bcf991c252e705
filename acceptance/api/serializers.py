"""Criteria, risks and readiness reports as the API contract writes them."""

from rest_framework import serializers

from secreleases.api.base import LimitedTextSerializer, ModelRulesSerializer

from ..models import MAX_COMPONENTS, Criterion, ReadinessComponent, ReadinessReport, Risk


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

    def update(self, instance, validated_data):
        status = validated_data.pop("status", None)
        if status is None:
            return super().update(instance, validated_data)
        # An assessment is the verb's: who and when (today, unless given), with its evidence rule.
        for name, value in validated_data.items():
            if name != "assessed_on":
                setattr(instance, name, value)
        return instance.assess(status=status, by=self.context["request"].user, on=validated_data.get("assessed_on"))


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


class ReadinessComponentSerializer(LimitedTextSerializer):
    meets_target = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = ReadinessComponent
        fields = ["name", "state", "target_state", "rag", "rationale", "meets_target"]
        validators = []


class ReadinessReportSerializer(ModelRulesSerializer):
    components = ReadinessComponentSerializer(
        many=True,
        max_length=MAX_COMPONENTS,
        help_text=f"In the report's order (at most {MAX_COMPONENTS}); a write replaces them all.",
    )
    reason = serializers.CharField(
        write_only=True,
        required=False,
        max_length=2000,
        help_text="Why the report is corrected: required on PATCH (SECAS), kept in the history.",
    )

    class Meta:
        model = ReadinessReport
        fields = [
            "id",
            "as_at",
            "target_date",
            "source",
            "components",
            "withdrawn_on",
            "withdrawal_reason",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["withdrawn_on", "withdrawal_reason", "updated_at"]
        validators = []

    def create(self, validated_data):
        components = validated_data.pop("components", [])
        validated_data.pop("reason", None)
        return ReadinessReport.record(components=components, reason="Reported through the API", **validated_data)

    def update(self, instance, validated_data):
        return instance.correct(reason=validated_data.pop("reason", ""), **validated_data)
