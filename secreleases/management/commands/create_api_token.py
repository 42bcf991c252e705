"""`manage.py create_api_token <user> [--name] [--read-only] [--expires]`: a new API token, its key printed once."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from secreleases.clock import UK
from secreleases.models import ApiToken

DEFAULT_NAME = "Command line"


def expiry(value: str | None) -> datetime.datetime | None:
    """A number of days from now, or the last day (UK time) the token works on, as YYYY-MM-DD."""
    if value is None or value == "never":
        return None
    if value.isdigit() and int(value) > 0:
        return timezone.now() + datetime.timedelta(days=int(value))
    try:
        last_day = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--expires {value!r}: give a number of days, a date (YYYY-MM-DD) or never.") from None
    ends = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=UK)
    if ends <= timezone.now():
        raise CommandError(f"--expires {value}: that day has passed.")
    return ends


def issue(username: str, *, name: str, read_only: bool = False, expires: str | None = None):
    try:
        user = get_user_model()._default_manager.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"No user named {username!r}.") from None
    try:
        return ApiToken.objects.issue(
            user, name=ApiToken.objects.unused_name(user, name), read_only=read_only, expires_at=expiry(expires)
        )
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None


class Command(BaseCommand):
    help = "Create a named API token for a user and print its key (shown only this once; only its digest is kept)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default=DEFAULT_NAME, help=f'What will use it (default "{DEFAULT_NAME}").')
        parser.add_argument("--read-only", action="store_true", help="It may read, never write.")
        parser.add_argument("--expires", help="Days from now, the last day it works (YYYY-MM-DD), or never.")

    def handle(self, *args, username, name, read_only, expires, **options):
        token, key = issue(username, name=name, read_only=read_only, expires=expires)
        # The first line is drf_create_token's, so scripts that read the third word keep working.
        self.stdout.write(f"Generated token {key} for user {username}")
        self.stderr.write(f"{token.describe()}. The key is shown only this once.")
