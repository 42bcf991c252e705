"""The go/no-go roll-up (releases.services.release_dashboard, rule 6), serialized as it is computed."""

from rest_framework import serializers

from acceptance.api.serializers import ReadinessReportSerializer, RiskSerializer

from .serializers import DecisionSerializer, MilestoneSerializer, ReleaseRefSerializer


class CriteriaRollUpSerializer(serializers.Serializer):
    reviewer = serializers.CharField(allow_null=True, help_text="opsg, tag, ssc; null where the paper names none.")
    total = serializers.IntegerField()
    met = serializers.IntegerField()
    on_track = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    not_met = serializers.IntegerField()
    not_assessed = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    release = ReleaseRefSerializer()
    criteria = CriteriaRollUpSerializer(many=True, help_text="Per reviewing body: criteria by assessment.")
    open_risks = RiskSerializer(many=True)
    milestones = MilestoneSerializer(many=True)
    slipped_milestones = MilestoneSerializer(many=True, help_text="Forecast later than planned.")
    readiness = ReadinessReportSerializer(allow_null=True, help_text="The latest readiness report, or null.")
    recommendations = DecisionSerializer(many=True)
    decision = DecisionSerializer(allow_null=True, help_text="The Panel's latest decision, or null.")
