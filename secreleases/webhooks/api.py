"""/api/v1/webhooks/: SECAS's endpoints, their deliveries and attempts, "send again", a test event, a new secret."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from secreleases.api.base import ApiViewSet

from . import delivery, events
from .choices import SUBSCRIBABLE, EventKind
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .targets import TargetRefused, check_url


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=[(kind.value, kind.label) for kind in SUBSCRIBABLE]),
        allow_empty=False,
        max_length=len(SUBSCRIBABLE),
        help_text="The event kinds this endpoint receives.",
    )
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "description", "events", "active", "created_by", "created_at", "updated_at"]
        read_only_fields = ["created_by", "created_at", "updated_at"]

    def validate_url(self, value):
        try:
            check_url(value, resolve=False)
        except TargetRefused as refused:
            raise serializers.ValidationError(str(refused)) from refused
        return value

    def validate_events(self, value):
        return sorted(set(value), key=[kind.value for kind in SUBSCRIBABLE].index)

    def create(self, validated_data):
        endpoint = WebhookEndpoint(**validated_data)
        endpoint.created_by = self.context["request"].user
        self.secret = endpoint.replace_secret()
        endpoint._change_reason = "Registered through the API"
        endpoint.save()
        return endpoint

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance._change_reason = "Changed through the API"
        instance.save()
        return instance


class NewEndpointSerializer(WebhookEndpointSerializer):
    secret = serializers.SerializerMethodField(
        help_text="Signs every delivery (X-Signature-256). Shown this once: keep it now."
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]

    def get_secret(self, obj) -> str:
        return getattr(self, "secret", "")


class SecretSerializer(serializers.Serializer):
    secret = serializers.CharField(help_text="The new secret, shown this once; the old one no longer signs.")


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "started_at", "duration_ms", "status_code", "error", "response_excerpt"]


class DeliverySerializer(serializers.ModelSerializer):
    event_id = serializers.UUIDField(source="event.id")
    event = serializers.ChoiceField(source="event.kind", choices=EventKind.choices)
    occurred_at = serializers.DateTimeField(source="event.occurred_at")
    release = serializers.CharField(source="event.release", help_text="The release's slug, or empty.")
    summary = serializers.CharField(source="event.summary")
    attempts = AttemptSerializer(many=True, help_text="Every attempt, oldest first.")

    class Meta:
        model = WebhookDelivery
        fields = ["id", "event_id", "event", "occurred_at", "release", "summary", "state", "attempts_made"]
        fields += ["next_attempt_at", "retry_until", "delivered_at", "attempts"]
        read_only_fields = fields


class QueuedSerializer(serializers.Serializer):
    delivery = serializers.IntegerField()
    detail = serializers.CharField()


@extend_schema_view(
    create=extend_schema(
        responses={201: NewEndpointSerializer}, description="Registers an endpoint; its secret is in this answer only."
    ),
    destroy=extend_schema(description="Deletes the endpoint with its deliveries and attempts."),
)
class WebhookEndpointViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ApiViewSet,
):
    """Endpoints that receive signed JSON POSTs of the events they subscribe to (SECAS only).

    Each delivery POSTs `{"id", "event", "occurred_at", "timestamp", "attempt", "data": {"release", "object",
    "by", "reason", "changes", ...}}` where `object` is the changed object as this API shows it (a move or a lapse
    adds `from_release`, `to_release` and `new_item`; a RID adds `snapshot_url` and `pdf_url`). Headers:
    `X-Event-Id`, `X-Event-Type`, `X-Event-Timestamp` (the body's `timestamp`), `X-Delivery-Attempt` and
    `X-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the exact body bytes keyed by the endpoint's secret.
    A receiver checks the signature, refuses a timestamp more than 5 minutes old, and ignores an event id it
    has seen. Anything but 2xx is retried with backoff for a day; redirects are not followed.
    """

    queryset = WebhookEndpoint.objects.select_related("created_by")
    serializer_class = WebhookEndpointSerializer
    filter_backends = []

    def get_serializer_class(self):
        return NewEndpointSerializer if self.action == "create" else WebhookEndpointSerializer

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.locked_object()
            serializer = self.get_serializer(instance, data=request.data, partial=kwargs.pop("partial", False))
            serializer.is_valid(raise_exception=True)
            serializer.save()
        return Response(WebhookEndpointSerializer(instance, context=self.get_serializer_context()).data)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            self.locked_object().delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: SecretSerializer}, description="Replaces the endpoint's secret.")
    @action(detail=True, methods=["post"], url_path="rotate-secret", filter_backends=[], pagination_class=None)
    def rotate_secret(self, request, pk=None):
        with transaction.atomic():
            endpoint = self.locked_object()
            secret = endpoint.replace_secret()
            endpoint._change_reason = "Secret replaced"
            endpoint.save()
        return Response({"secret": secret})

    @extend_schema(
        request=None,
        responses={202: QueuedSerializer},
        description="Sends a `ping` event to this endpoint (whatever it subscribes to), to test the receiver.",
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def ping(self, request, pk=None):
        endpoint = self.get_object()
        event = events.ping(endpoint, by=request.user.username)
        queued = event.deliveries.get(endpoint=endpoint) if event else None
        if queued is None:
            return Response({"detail": "This endpoint is inactive."}, status=status.HTTP_409_CONFLICT)
        return Response({"delivery": queued.pk, "detail": "Queued."}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=DeliverySerializer(many=True), description="Its deliveries, newest first.")
    @action(detail=True, methods=["get"], filter_backends=[])
    def deliveries(self, request, pk=None):
        endpoint = self.get_object()
        rows = endpoint.deliveries.select_related("event").prefetch_related("attempts").order_by("-created_at", "-pk")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DeliverySerializer(page, many=True).data)

    @extend_schema(
        request=None,
        responses={202: QueuedSerializer, 404: OpenApiResponse(description="No such delivery of this endpoint.")},
        description="Sends the delivery again now (and retries it for another day if that fails).",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"deliveries/(?P<delivery_id>[0-9]+)/send-again",
        filter_backends=[],
        pagination_class=None,
    )
    def send_again(self, request, pk=None, delivery_id=None):
        endpoint = self.get_object()
        queued = get_object_or_404(WebhookDelivery, pk=delivery_id, endpoint=endpoint)
        delivery.send_again(queued)
        return Response({"delivery": queued.pk, "detail": "Queued."}, status=status.HTTP_202_ACCEPTED)
