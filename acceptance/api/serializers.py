"""Criteria, risks and readiness reports as the API contract writes them."""

from rest_framework import serializers

from secreleases.api.base import LimitedTextSerializer, ModelRulesSerializer

from ..models import MAX_COMPONENTS, Criterion, ReadinessComponent, ReadinessReport, Risk

APPROVAL_HELP = "Required once the Panel has baselined the release's RID (its criteria are section 6)."


class CriterionSerializer(ModelRulesSerializer):
    assessed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    approved_on = serializers.DateField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text=f"When the Panel approved the change. {APPROVAL_HELP}",
    )
    paper = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=60, help_text=f"The Panel paper. {APPROVAL_HELP}"
    )
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Why the criterion is added or amended: required to amend its wording, kept with the amendment.",
    )

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
            "approved_on",
            "paper",
            "reason",
        ]
        read_only_fields = ["updated_at"]
        validators = []

    @staticmethod
    def approval(validated_data) -> dict:
        return {
            "approved_on": validated_data.pop("approved_on", None),
            "paper": validated_data.pop("paper", ""),
            "reason": validated_data.pop("reason", ""),
        }

    def create(self, validated_data):
        approval = self.approval(validated_data)
        assessment = {name: validated_data.pop(name) for name in ("status", "evidence") if name in validated_data}
        validated_data.pop("assessed_on", None)
        criterion = Criterion.add(by=self.context["request"].user, **approval, **validated_data)
        if assessment.get("status") not in (None, "not_assessed"):
            criterion.assess(by=self.context["request"].user, **assessment)
        return criterion

    def update(self, instance, validated_data):
        approval = self.approval(validated_data)
        wording = {
            name: validated_data.pop(name)
            for name in ("text", "category", "number", "reviewer")
            if name in validated_data
        }
        if any(getattr(instance, name) != value for name, value in wording.items()):
            # The release's copy of a criterion is amended by the verb, with the Panel's approval kept.
            instance = instance.amend(
                by=self.context["request"].user, text=wording.pop("text", instance.text), **approval, **wording
            )
        status = validated_data.pop("status", None)
        if status is None:
            return super().update(instance, validated_data)
        # An assessment is the verb's: who and when (today, unless given), with its evidence rule.
        for name, value in validated_data.items():
            if name != "assessed_on":
                setattr(instance, name, value)
        return instance.assess(status=status, by=self.context["request"].user, on=validated_data.get("assessed_on"))


class RiskSerializer(ModelRulesSerializer):
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Why it changes; required to close it (status closed), kept with it and in the history.",
    )

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
            "closed_on",
            "closure_reason",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["closed_on", "closure_reason", "updated_at"]

    def create(self, validated_data):
        validated_data.pop("reason", None)
        return Risk.add(reason="Recorded through the API", **validated_data)

    def update(self, instance, validated_data):
        reason = validated_data.pop("reason", "")
        closing = validated_data.get("status") == "closed" and not instance.is_closed
        if closing:
            validated_data.pop("status")
        if validated_data:
            instance = instance.revise(reason=reason or self.change_reason_default, **validated_data)
        if closing:
            # PATCH {"status": "closed", "reason": "..."} is the close verb at this door.
            instance = instance.close(reason=reason)
        return instance


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
