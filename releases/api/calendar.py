"""/api/v1/calendar-feeds/: the caller's own calendar feeds (secret .ics addresses), made and revoked."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from modifications.api.serializers import ReleaseSlugField
from secreleases.api.base import ApiViewSet, MayReadReleases

from ..feeds import feed_url, make_feed
from ..models import CalendarFeed


class CalendarFeedSerializer(serializers.ModelSerializer):
    release = ReleaseSlugField(
        required=False, allow_null=True, help_text="A release's slug, or null for every release you follow."
    )
    url = serializers.SerializerMethodField(help_text="Subscribe to this address; it needs no sign-in.")

    class Meta:
        model = CalendarFeed
        fields = ["id", "release", "url", "created_at"]
        read_only_fields = ["id", "url", "created_at"]

    def get_url(self, obj) -> str:
        return feed_url(self.context["request"], obj)


@extend_schema_view(
    create=extend_schema(
        responses={201: CalendarFeedSerializer, 200: CalendarFeedSerializer},
        description="Makes your feed of this release (or, with `release: null`, of every release you follow); "
        "answers 200 with the one you have if it exists.",
    ),
    destroy=extend_schema(description="Revokes the feed: its address answers 404 from now on."),
)
class CalendarFeedViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ApiViewSet
):
    """Your calendar feeds: go-live dates, scope locks, decision cut-offs and dated timetable events, as iCalendar."""

    serializer_class = CalendarFeedSerializer
    permission_classes = [MayReadReleases]
    filter_backends = []
    queryset = CalendarFeed.objects.none()

    def get_queryset(self):
        return CalendarFeed.objects.live().filter(user=self.request.user).select_related("release").order_by("pk")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        release = serializer.validated_data.get("release")
        existed = CalendarFeed.objects.live().filter(user=request.user, release=release).exists()
        feed = make_feed(request.user, release)
        answer = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(self.get_serializer(feed).data, status=answer)

    def perform_destroy(self, instance):
        instance.revoke()
