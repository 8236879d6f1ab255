"""Talking to the online payment gateway: the client interface (open a session, ask for a session's
status, ask for a refund), the configured client, and the HMAC-SHA256 signature of callbacks.

The gateway is chosen by settings.SANAD_PAYMENT_GATEWAY (a dotted path to a client class); the
default is the simulated gateway in sanad.demo.gateway. Callbacks carry
`X-Sanad-Signature: sha256=<hex HMAC of the raw body>` under settings.SANAD_GATEWAY_SECRET."""

import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class GatewaySession:
    reference: str  # the gateway's id for the session, stored as Payment.gateway_reference
    redirect_url: str  # where the citizen's browser goes to pay


@dataclass(frozen=True)
class GatewayStatusReport:
    status: str  # constants.GatewayStatus
    amount: int | None = None
    currency: str = ""
    case_reference: str = ""


class GatewayClient:
    """What Sanad needs from a payment gateway."""

    def create_session(self, *, payment, return_url: str, callback_url: str) -> GatewaySession:
        raise NotImplementedError

    def status(self, reference: str) -> GatewayStatusReport:
        raise NotImplementedError

    def refund(self, *, reference: str, amount: int, key: str) -> str:
        raise NotImplementedError


@lru_cache(maxsize=4)
def _client_class(path: str):
    return import_string(path)


def client() -> GatewayClient:
    return _client_class(settings.SANAD_PAYMENT_GATEWAY)()


def gateway_secret() -> bytes | None:
    """The shared secret, or None when it must not be trusted (the public development default in
    production): then every callback is refused."""
    secret = settings.SANAD_GATEWAY_SECRET
    if not secret or (settings.PRODUCTION and secret == settings.SANAD_GATEWAY_DEMO_SECRET):
        return None
    return secret.encode()


def sign(body: bytes, secret: bytes | None = None) -> str:
    secret = secret if secret is not None else gateway_secret()
    if secret is None:
        raise RuntimeError("no gateway secret configured")
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def signature_valid(body: bytes, header: str) -> bool:
    secret = gateway_secret()
    if secret is None or not header:
        return False
    return hmac.compare_digest(sign(body, secret), header.strip())
