"""Standard Webhooks signatures (https://www.standardwebhooks.com/): `webhook-signature` is
`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per active secret, separated by spaces.
Secrets are `whsec_<base64 key>`. Verification is constant-time and refuses a timestamp more than
five minutes away from now."""

import base64
import binascii
import hashlib
import hmac
import time

from django.utils.translation import gettext as _

from sanad.core.errors import NotAuthenticated

from .constants import HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP, SIGNATURE_TOLERANCE_SECONDS

SECRET_PREFIX = "whsec_"  # noqa: S105 (the format's prefix, not a secret)
MIN_KEY_BYTES = 24


def secret_key(secret: str) -> bytes:
    """The HMAC key inside a `whsec_…` secret; ValueError if it is not one."""
    if not isinstance(secret, str) or not secret.startswith(SECRET_PREFIX):
        raise ValueError("a secret starts with whsec_")
    try:
        key = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the part after whsec_ is not base64") from None
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the key is shorter than {MIN_KEY_BYTES} bytes")
    return key


def new_secret() -> str:
    import secrets

    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, webhook_id: str, timestamp: int | str, body: bytes) -> str:
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(secret_key(secret), signed, hashlib.sha256).digest()).decode()


def sign(*, secrets: list[str], webhook_id: str, body: bytes, timestamp: int | None = None) -> dict:
    """The three headers for `body`, signed with every active secret."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return {
        HEADER_ID: webhook_id,
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_SIGNATURE: " ".join(signature(s, webhook_id, timestamp, body) for s in secrets),
    }


def verify(*, secrets: list[str], headers, body: bytes, now: float | None = None) -> str:
    """The webhook-id if the message is signed by one of `secrets` within the tolerance; otherwise
    NotAuthenticated (401) saying what is wrong."""
    webhook_id = (headers.get(HEADER_ID) or "").strip()
    timestamp = (headers.get(HEADER_TIMESTAMP) or "").strip()
    given = (headers.get(HEADER_SIGNATURE) or "").split()
    if not webhook_id or not timestamp or not given:
        raise NotAuthenticated(
            _("The message is not signed (webhook-id, webhook-timestamp, webhook-signature).")
        )
    if len(webhook_id) > 120:
        raise NotAuthenticated(_("The webhook-id is too long."))
    try:
        stamp = int(timestamp)
    except ValueError:
        raise NotAuthenticated(_("The webhook-timestamp is not a number of seconds.")) from None
    now = time.time() if now is None else now
    if abs(now - stamp) > SIGNATURE_TOLERANCE_SECONDS:
        raise NotAuthenticated(_("The message is too old or from the future (more than 5 minutes)."))
    candidates = [item.encode() for item in given]
    matched = False
    for secret in secrets:
        try:
            expected = signature(secret, webhook_id, stamp, body).encode()
        except ValueError:
            continue
        for candidate in candidates:
            # Compare every pair (no early exit): the time taken does not tell which part matched.
            matched |= hmac.compare_digest(expected, candidate)
    if not matched:
        raise NotAuthenticated(_("The signature does not match."))
    return webhook_id
