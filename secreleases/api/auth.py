"""`Authorization: Token <key>`: the token, its user, the user's roles and the data version, in one query."""

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef
from rest_framework import authentication, exceptions

from secreleases import versions
from secreleases.models import ApiToken
from secreleases.roles import ROLES


class TokenAuthentication(authentication.TokenAuthentication):
    """Named, hashed API tokens (secreleases.models.ApiToken), nothing remembered between requests: a revoked
    or expired token, or a deactivated user, is refused on the next request."""

    model = ApiToken

    def authenticate(self, request):
        """The data version comes with the token, for the lists' ETags (secreleases/versions.py)."""
        found = super().authenticate(request)
        if found is not None:
            request._request.data_version = found[1].data_version
            found[1].note_use(request._request)
        return found

    def authenticate_credentials(self, key):
        in_role = {f"in_{role}": Exists(Group.objects.filter(user=OuterRef("user_id"), name=role)) for role in ROLES}
        token = (
            ApiToken.objects.select_related("user")
            .annotate(**in_role, data_version=versions.version_expression())
            .matching(key)
        )
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.is_expired():
            raise exceptions.AuthenticationFailed("Token expired.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        token.user._roles = frozenset(role for role in ROLES if getattr(token, f"in_{role}"))
        return token.user, token
