"""Who is calling: the client address that rate limits, lockouts and audit records key on.

`REMOTE_ADDR` unless `SANAD_TRUSTED_PROXIES` (a count) says how many reverse proxies in front of us
append to `X-Forwarded-For`. Only the entries those proxies wrote are believed: with one trusted
proxy the client is the last entry, with two the one before it. Anything a client writes into the
header itself sits further left and is ignored, so rotating the header never buys a fresh bucket.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str:
    address = (address or "").strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""


def client_address(request) -> str:
    """The caller's IP address as a string ("unknown" if nothing usable)."""
    meta = getattr(request, "META", request)
    trusted = int(getattr(settings, "SANAD_TRUSTED_PROXIES", 0) or 0)
    remote = _valid(meta.get("REMOTE_ADDR", ""))
    if trusted > 0:
        hops = [item.strip() for item in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
        if hops:
            chosen = _valid(hops[-trusted] if len(hops) >= trusted else hops[0])
            if chosen:
                return chosen
    return remote or "unknown"


def axes_client_ip(request) -> str | None:
    """django-axes' AXES_CLIENT_IP_CALLABLE: the same identity as every other limit (None when
    there is no usable address: axes stores it in an IP address column)."""
    address = client_address(request)
    return None if address == "unknown" else address
