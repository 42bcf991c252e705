"""Where a delivery may go: http(s) only, and (unless a setting allows it) never to a private address.

Checked when an endpoint is saved (scheme, host, literal addresses) and again before every attempt, after
resolving the host, on every address it resolves to: a name that points inward is refused however it
was registered. Redirects are never followed (delivery.py), so a public host cannot bounce a delivery
inward either. The residual gap is a host whose DNS answer changes between the check and the connection
(DNS rebinding) within the same attempt.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class TargetRefused(Exception):
    """This URL may not receive deliveries; the message says why."""


def private_targets_allowed() -> bool:
    return getattr(settings, "WEBHOOK_ALLOW_PRIVATE_TARGETS", False)


def check_url(url: str, *, resolve: bool) -> None:
    """Raise TargetRefused for a URL that is not http(s), has no host, or points at a private address."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise TargetRefused(f"Not a URL: {error}.") from error
    if parts.scheme not in ("http", "https"):
        raise TargetRefused("Only http and https URLs can receive webhooks.")
    host = parts.hostname
    if not host:
        raise TargetRefused("The URL has no host.")
    if private_targets_allowed():
        return
    if host == "localhost" or host.endswith(".localhost"):
        raise TargetRefused("Deliveries to this machine (localhost) are not allowed.")
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        if not resolve:
            return
        addresses = resolved(host, port or (443 if parts.scheme == "https" else 80))
    for address in addresses:
        refuse_private(host, address)


def resolved(host: str, port: int) -> list:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise TargetRefused(f"{host} cannot be resolved: {error}.") from error
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def refuse_private(host: str, address) -> None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if not address.is_global or address.is_multicast:
        raise TargetRefused(f"{host} is a private, loopback or reserved address ({address}); deliveries go outside.")
