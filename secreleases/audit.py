"""Who signed in, who failed and who was locked out: Django's and django-axes' signals, written to AuditEvent.

Each event is also one log line (logger `secreleases.audit`), so the logs alone tell the story too.
"""

import ipaddress
import logging

from django.conf import settings

from .choices import AuditKind

logger = logging.getLogger("secreleases.audit")


def client_ip(request) -> str | None:
    """The client's address: the connection's, or behind TRUSTED_PROXY_COUNT proxies, theirs in X-Forwarded-For.

    The same rule as DRF's throttles (NUM_PROXIES); anything that is not an address counts as absent.
    """
    meta = getattr(request, "META", {})
    address = meta.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            address = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def record(kind: AuditKind, request=None, **fields):
    from .models import AuditEvent

    event = AuditEvent.objects.record(kind, request, **fields)
    logger.info(
        "%s: %s",
        event.get_kind_display(),
        event.username or "-",
        extra={"audit": kind.value, "username": event.username, "client": event.ip_address, "detail": event.detail},
    )
    return event


def signed_in(sender, request, user, **kwargs):
    record(AuditKind.SIGNED_IN, request, user=user)


def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditKind.SIGNED_OUT, request, user=user)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Runs before django-axes' own receiver (connect_signals): a lock-out flag set by now was set by axes'
    # backend, which refused the attempt because the pair was already locked out (it counts no failure).
    refused = getattr(request, "axes_locked_out", False) and getattr(request, "axes_failures_since_start", 0) is None
    detail = "refused: locked out" if refused else "wrong username or password"
    record(AuditKind.SIGN_IN_FAILED, request, username=str(credentials.get("username") or ""), detail=detail)


def locked_out(sender, request, username, ip_address, **kwargs):
    # axes sends this again for each attempt refused during the lock-out; only the failure that reached the
    # limit has counted its failures (axes_failures_since_start), so only that one is the lock-out itself.
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    record(
        AuditKind.LOCKED_OUT,
        request,
        username=str(username or ""),
        detail=f"after {failures} failed sign-ins; for {minutes} minutes unless lifted",
    )


def lockout_lifted(request, *, username: str, ip_address: str | None, actor):
    from .models import AuditEvent

    event = AuditEvent.objects.record(
        AuditKind.LOCKOUT_LIFTED,
        request,
        username=username or "",
        actor=actor,
        detail=f"lifted by {actor.get_username()} for {ip_address or 'any address'}",
    )
    logger.info("Lock-out lifted: %s", username or "-", extra={"audit": event.kind, "username": username})
    return event


def connect_signals() -> None:
    from axes import signals as axes_signals
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

    user_logged_in.connect(signed_in, dispatch_uid="secreleases.audit.signed_in")
    user_logged_out.connect(signed_out, dispatch_uid="secreleases.audit.signed_out")
    # A failure is recorded before axes counts it, so the log reads "failed", then "locked out": axes'
    # receiver (connected when the admin imported axes) is moved behind ours.
    user_login_failed.disconnect(axes_signals.handle_user_login_failed)
    user_login_failed.connect(sign_in_failed, dispatch_uid="secreleases.audit.sign_in_failed")
    user_login_failed.connect(axes_signals.handle_user_login_failed)
    axes_signals.user_locked_out.connect(locked_out, dispatch_uid="secreleases.audit.locked_out")
