"""Webhook secrets (made, kept encrypted, read back to sign) and the signature a receiver checks.

The secret must be recoverable to compute an HMAC, so it cannot be hashed like a password. It is kept
encrypted (Fernet) under a key derived from SECRET_KEY, with SECRET_KEY_FALLBACKS still able to read
it, so a database dump alone does not reveal it. Rotating SECRET_KEY without keeping the old one in
SECRET_KEY_FALLBACKS makes every endpoint's secret unreadable: replace them then.
"""

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

SIGNATURE_HEADER = "X-Signature-256"
SECRET_PREFIX = "whsec_"


class SecretUnreadable(Exception):
    """The secret was encrypted under a key that is neither SECRET_KEY nor one of its fallbacks."""


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    derived = [hashlib.sha256(b"secreleases.webhooks.secret:" + key.encode()).digest() for key in keys]
    return MultiFernet([Fernet(base64.urlsafe_b64encode(key)) for key in derived])


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable("The endpoint's secret cannot be read with SECRET_KEY: replace it.") from error


def signature(secret: str, body: bytes) -> str:
    """`sha256=<hex>`: the HMAC-SHA256 of the exact bytes sent, keyed by the endpoint's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """What a receiver does (in constant time); the tests receive with it."""
    return hmac.compare_digest(signature(secret, body), header or "")
