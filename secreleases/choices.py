from django.db import models


class AuditKind(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    SIGNED_OUT = "signed_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Locked out"
    LOCKOUT_LIFTED = "lockout_lifted", "Lock-out lifted"
    # Token creation, use and revocation join these with the named tokens (issue #15, phase 2).
