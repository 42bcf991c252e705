from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from secreleases.models import Tracked
from secreleases.roles import roles_of


class User(AbstractUser):
    """A person or an integration's account; its role is the group it is in."""

    class Meta:
        db_table = "auth_user_secreleases"

    @property
    def role_names(self) -> list[str]:
        return sorted(roles_of(self))


class ReleaseFollow(Tracked):
    """A user's choice to follow (or stop following) a release's cut-off reminders.

    Members of the `secas` group follow every release unless they have a row saying otherwise.
    """

    release = models.ForeignKey("releases.Release", on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey("releases.User", on_delete=models.CASCADE, related_name="release_follows")
    following = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "user"],
                name="one_follow_choice_per_user_and_release",
                violation_error_message="This user already has a follow choice for this release.",
            )
        ]

    def __str__(self):
        verb = "follows" if self.following else "does not follow"
        return f"{self.user} {verb} {self.release}"
