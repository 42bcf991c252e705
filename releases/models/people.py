from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from secreleases.models import Tracked
from secreleases.roles import roles_of

from ..choices import FollowNews


class User(AbstractUser):
    """A person or an integration's account; its role is the group it is in."""

    class Meta:
        db_table = "auth_user_secreleases"

    @property
    def role_names(self) -> list[str]:
        return sorted(roles_of(self))


class ReleaseFollow(Tracked):
    """A user's choice to follow (or stop following) a release, and which of its news they hear about.

    Members of the `secas` group follow every release, hearing everything, unless they have a row saying
    otherwise. Anyone with a role may follow a release: it concerns only what they are sent.
    """

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey("releases.User", on_delete=models.CASCADE, related_name="release_follows")
    following = models.BooleanField(default=True)
    hears_cut_off_reminders = models.BooleanField("cut-off reminders", default=True)
    hears_lapses = models.BooleanField("lapses", default=True)
    hears_baselines = models.BooleanField("RID baselines", default=True)
    hears_decisions = models.BooleanField("recommendations and decisions", default=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "user"],
                name="one_follow_choice_per_user_and_release",
                violation_error_message="This user already has a follow choice for this release.",
            )
        ]

    @staticmethod
    def field_for(news: str) -> str:
        """The preference field of a kind of news (FollowNews)."""
        if news not in FollowNews.values:
            raise ValueError(f"{news!r} is not a kind of news: one of {', '.join(FollowNews.values)}.")
        return f"hears_{news}"

    def hears(self, news: str) -> bool:
        return self.following and getattr(self, self.field_for(news))

    def __str__(self):
        verb = "follows" if self.following else "does not follow"
        return f"{self.user} {verb} {self.release}"
