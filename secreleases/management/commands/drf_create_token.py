"""`manage.py drf_create_token <user> [-r]`, as DRF's command printed it, now making a named, hashed API token.

DRF's command printed the user's one token again on each run; a kept digest cannot be shown again, so each
run makes a new token (named "drf_create_token"), and `-r` revokes the ones earlier runs made.
"""

from django.core.management.base import BaseCommand

from secreleases.models import ApiToken

from .create_api_token import issue

NAME = "drf_create_token"
EARLIER_RUNS = r"^drf_create_token( \([0-9]+\))?$"  # ApiToken.objects.unused_name's "name (2)"


class Command(BaseCommand):
    help = "Create an API token for a user and print it (use create_api_token for a name, read-only or expiry)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("-r", "--reset", action="store_true", help="Revoke the tokens earlier runs made.")

    def handle(self, *args, username, reset, **options):
        if reset:
            earlier = ApiToken.objects.filter(user__username=username, name__regex=EARLIER_RUNS)
            for token in earlier.filter(revoked_at__isnull=True):
                token.revoke()
        token, key = issue(username, name=NAME)
        self.stdout.write(f"Generated token {key} for user {username}")
