"""`Authorization: Token <key>`: the token, its user and the user's roles, read in one query per request."""

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from rest_framework import authentication, exceptions

from secreleases.models import ApiToken
from secreleases.roles import ROLES


class TokenAuthentication(authentication.TokenAuthentication):
    """Named, hashed API tokens (secreleases.models.ApiToken), nothing remembered between requests: a revoked
    or expired token, or a deactivated user, is refused on the next request."""

    model = ApiToken

    def authenticate(self, request):
        credentials = super().authenticate(request)
        if credentials is not None:
            credentials[1].note_use(request._request)
        return credentials

    def authenticate_credentials(self, key):
        in_role = {f"in_{role}": Exists(Group.objects.filter(user=OuterRef("user_id"), name=role)) for role in ROLES}
        token = ApiToken.objects.select_related("user").annotate(**in_role).matching(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.is_expired():
            raise exceptions.AuthenticationFailed("Token expired.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        token.user._roles = frozenset(role for role in ROLES if getattr(token, f"in_{role}"))
        return token.user, token
