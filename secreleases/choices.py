from django.db import models


class AuditKind(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    SIGNED_OUT = "signed_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Locked out"
    LOCKOUT_LIFTED = "lockout_lifted", "Lock-out lifted"
    TOKEN_CREATED = "token_created", "API token created"
    TOKEN_USED = "token_used", "API token used"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
