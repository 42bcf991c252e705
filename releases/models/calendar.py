import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from secreleases.models import Tracked


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(Tracked):
    """A secret URL a calendar client subscribes to: one release's dates, or (no release) every release the
    user follows. Read without a session, so the token is the only key: revoking it answers 404 from then on.

    The token is kept as is (the page shows the URL again, as calendar services do); it grants reading
    only, and only while its user still has a role that may read releases.
    """

    user = models.ForeignKey("releases.User", on_delete=models.CASCADE, related_name="calendar_feeds")
    release = models.ForeignKey(
        "releases.Release",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        help_text="Empty: every release the user follows.",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token"])

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        ordering = ["user", "release", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "release"],
                condition=Q(revoked_at__isnull=True, release__isnull=False),
                name="one_live_calendar_feed_per_user_and_release",
                violation_error_message="You already have a calendar feed for this release.",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True, release__isnull=True),
                name="one_live_personal_calendar_feed_per_user",
                violation_error_message="You already have a personal calendar feed.",
            ),
        ]

    def __str__(self):
        what = self.release.name if self.release_id else "releases followed"
        return f"Calendar of {what} for {self.user}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self._change_reason = "Calendar feed revoked"
            self.save()
