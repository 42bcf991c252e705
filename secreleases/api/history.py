"""The history endpoints: a merged history (secreleases.history), paged, as JSON."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from secreleases.history import plain

from .pagination import Pagination


@extend_schema_field(
    {"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}, {"type": "null"}]},
)
class AnyValueField(serializers.Field):
    def to_representation(self, value):
        return plain(value)


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = AnyValueField(allow_null=True)
    new = AnyValueField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="What changed: release, scope_item, milestone, criterion, ...")
    object_id = serializers.IntegerField()
    object = serializers.CharField(help_text="The changed row, in words.")
    history_id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["created", "changed", "deleted"])
    at = serializers.DateTimeField()
    by = serializers.CharField(allow_null=True, help_text="The username; null for the system (jobs, imports).")
    reason = serializers.CharField(allow_blank=True)
    changes = FieldChangeSerializer(many=True, help_text="Field, value before, value after (ids for relations).")


class HistoryPagination(Pagination):
    page_size = 50


def history_response(view, history) -> Response:
    """One page of a merged history, newest first."""
    page = view.paginate_queryset(history.timeline())
    return view.get_paginated_response(HistoryEntrySerializer(history.entries(page), many=True).data)
