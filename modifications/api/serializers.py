"""Modifications and DCC Change Requests as the API contract writes them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from secreleases.api.base import ModelRulesSerializer
from secreleases.models import related_model

from ..choices import DecidingBody, DecisionOutcome
from ..models import ChangeRequest, Modification
from ..references import CR_NUMBER_HELP

MAX_ALIASES = 20


class ReleaseSlugField(serializers.SlugRelatedField):
    """A release named by its slug (november-2020)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data.strip() or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)

    default_error_messages = {
        "does_not_exist": "No release has the slug {value}.",
        "invalid": "Give a release slug, e.g. november-2020.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", related_model(ChangeRequest, "release").objects.all())
        super().__init__(slug_field="slug", **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class ModificationRefField(serializers.Field):
    default_error_messages = {
        "unknown": "No modification is known as {value}.",
        "invalid": "Give the modification's reference as text, e.g. MP084.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data.strip() or "\x00" in data:
            self.fail("invalid")
        try:
            return Modification.objects.by_reference(data)
        except Modification.DoesNotExist:
            self.fail("unknown", value=data)

    def to_representation(self, value):
        return value.reference


class ChangeRequestSerializer(ModelRulesSerializer):
    modification = ModificationRefField(required=False, allow_null=True, help_text="Reference (any spelling) or null.")
    release = ReleaseSlugField(required=False, allow_null=True, help_text="The release it goes alongside, or null.")
    number = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=10,
        help_text=f"e.g. CR1145; null while TBC. {CR_NUMBER_HELP}",
    )

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "number",
            "title",
            "description",
            "originator",
            "modification",
            "modification_part",
            "release",
            "duis_schema_change",
            "duis_document_change",
            "smets_version",
            "gbcs_version",
            "proposed_duis_version",
            "notes",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class ScopePlaceSerializer(serializers.Serializer):
    """Where a modification (part) is or has been: one of its scope items."""

    id = serializers.IntegerField()
    release = serializers.CharField(source="release.slug")
    release_name = serializers.CharField(source="release.name")
    implementation_date = serializers.DateField(source="release.implementation_date", allow_null=True)
    part = serializers.CharField()
    inclusion = serializers.CharField()
    cut_off_date = serializers.DateField(allow_null=True)
    added_on = serializers.DateField()
    replaces = serializers.IntegerField(source="replaces_id", allow_null=True)
    change_reason = serializers.CharField()


class AliasesField(serializers.ListField):
    def to_representation(self, data):
        return [alias.alias for alias in data.all()]


class ModificationSerializer(ModelRulesSerializer):
    aliases = AliasesField(
        child=serializers.CharField(max_length=40),
        required=False,
        max_length=MAX_ALIASES,
        help_text=f"Other spellings that find this record (SECMP0093 for MP093); a write adds them (at most "
        f"{MAX_ALIASES}).",
    )
    reason = serializers.CharField(
        write_only=True,
        required=False,
        max_length=2000,
        help_text="Why the reference changes: required to rename (or promote DP124 to MP124); the old reference stays "
        "as an alias.",
    )

    class Meta:
        model = Modification
        fields = [
            "reference",
            "aliases",
            "title",
            "summary",
            "phase",
            "route",
            "impacts_dcc_systems",
            "impacts_duis",
            "impacts_gbcs",
            "impacts_ch_firmware",
            "impact_notes",
            "url",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["updated_at"]
        extra_kwargs = {"reference": {"validators": []}}

    def validate_reference(self, value):
        clash = Modification.objects.filter(reference=value)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(f"{value} is already recorded.")
        return value

    @transaction.atomic
    def create(self, validated_data):
        aliases = validated_data.pop("aliases", [])
        validated_data.pop("reason", None)
        modification = super().create(validated_data)
        self.add_aliases(modification, aliases)
        return modification

    @transaction.atomic
    def update(self, instance, validated_data):
        aliases = validated_data.pop("aliases", [])
        reason = validated_data.pop("reason", "")
        reference = validated_data.pop("reference", instance.reference)
        if reference != instance.reference:
            # Renamed by the verb, which keeps the old reference as an alias (a Django error answers 400).
            instance.rename(reference, reason=reason)
        modification = super().update(instance, validated_data) if validated_data else instance
        self.add_aliases(modification, aliases)
        return modification

    def add_aliases(self, modification, aliases):
        try:
            for spelling in aliases:
                modification.add_alias(spelling)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"aliases": error.messages}) from error
        if hasattr(modification, "_prefetched_objects_cache"):
            modification._prefetched_objects_cache.pop("aliases", None)


class ModificationDetailSerializer(ModificationSerializer):
    scope_items = ScopePlaceSerializer(
        many=True, read_only=True, help_text="Where it is and has been, release by release (oldest first)."
    )

    class Meta(ModificationSerializer.Meta):
        fields = [*ModificationSerializer.Meta.fields, "scope_items"]


# Named apart from the release's decisions (releases.api), which the schema also describes.
@extend_schema_serializer(component_name="ModificationDecision")
class DecisionSerializer(serializers.Serializer):
    """A decision on a modification: the route says who decides (the Change Board votes on Authority ones)."""

    body = serializers.ChoiceField(choices=DecidingBody.choices, help_text="Who decided.")
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    date = serializers.DateField(help_text="The day of the vote or decision; not after today.")
    paper = serializers.CharField(max_length=60, required=False, allow_blank=True, help_text="e.g. CB_123")
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, help_text="Kept in the history.")


class ItemFateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="item.id")
    release = serializers.CharField(source="item.release.slug")
    part = serializers.CharField(source="item.part")
    fate = serializers.CharField(help_text="approved for inclusion, removed from scope, stays targeted, ...")
    note = serializers.CharField()


class DecisionRecordedSerializer(serializers.Serializer):
    modification = serializers.CharField(source="modification.reference")
    event = serializers.CharField()
    date = serializers.DateField(source="on")
    phase = serializers.CharField()
    items = ItemFateSerializer(source="fates", many=True)
