"""The connectors' secrets (webhook signing secrets, tokens) encrypted at rest with Fernet
(`cryptography`), under the keys of `SANAD_SECRETS_KEYS`: the first key encrypts, every key decrypts
(MultiFernet), so a key is rotated without downtime:

1. put a new key first in SANAD_SECRETS_KEYS (keep the old one after it) and restart;
2. run `sanad connector_secrets_rotate` (re-encrypts every connector under the new key);
3. drop the old key from SANAD_SECRETS_KEYS and restart.

Development (no setting) uses a key derived from SECRET_KEY; production refuses to start without the
setting (settings.py)."""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class SecretsUnreadable(RuntimeError):
    """The stored secrets were encrypted under a key that is no longer in SANAD_SECRETS_KEYS."""


def development_key(secret_key: str) -> bytes:
    digest = hashlib.sha256(b"sanad.integrations.secrets:" + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def _keys() -> list[bytes]:
    configured = list(getattr(settings, "SANAD_SECRETS_KEYS", None) or [])
    if configured:
        return [key.encode() if isinstance(key, str) else key for key in configured]
    return [development_key(settings.SECRET_KEY)]


def fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def encrypt_list(values: list[str]) -> str:
    """A list of secrets → one token (empty string for none)."""
    values = [str(v) for v in values or []]
    if not values:
        return ""
    return fernet().encrypt(json.dumps(values).encode()).decode()


def decrypt_list(token: str) -> list[str]:
    if not token:
        return []
    try:
        return json.loads(fernet().decrypt(token.encode()))
    except InvalidToken:
        raise SecretsUnreadable(
            "A connector's secrets cannot be decrypted with any key in SANAD_SECRETS_KEYS "
            "(was the key that encrypted them removed before `connector_secrets_rotate`?)."
        ) from None


def rotate(token: str) -> str:
    """The same secrets re-encrypted under the first key."""
    return fernet().rotate(token.encode()).decode() if token else ""


def fingerprint(secret: str) -> str:
    """How a person tells secrets apart without seeing them."""
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def new_key() -> str:
    return Fernet.generate_key().decode()
