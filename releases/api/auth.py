"""Token authentication for integrations; kept apart from base.py, which DRF's settings import early."""

import time

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from rest_framework.authentication import TokenAuthentication

# The token lookup is the other query every call makes. A process remembers a key's user for a few
# seconds; deleting a token or deactivating its user takes effect within that time (at once in the
# process that made the change).
TOKEN_CACHE_SECONDS = 10
_token_cache: dict[str, tuple[float, tuple]] = {}


def forget_on_change(sender, **kwargs):
    from .base import forget_permissions

    forget_permissions()


for _signal in (post_save, post_delete):
    _signal.connect(forget_on_change, sender="authtoken.Token", dispatch_uid=f"api-token-{_signal}")
    _signal.connect(forget_on_change, sender=settings.AUTH_USER_MODEL, dispatch_uid=f"api-user-{_signal}")
m2m_changed.connect(forget_on_change, dispatch_uid="api-groups-changed")


def forget_tokens() -> None:
    _token_cache.clear()


class CachedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, with the key's user remembered for TOKEN_CACHE_SECONDS."""

    def authenticate_credentials(self, key):
        now = time.monotonic()
        cached = _token_cache.get(key)
        if cached is not None and cached[0] > now:
            return cached[1]
        result = super().authenticate_credentials(key)
        if len(_token_cache) > 10_000:
            _token_cache.clear()
        _token_cache[key] = (now + TOKEN_CACHE_SECONDS, result)
        return result
