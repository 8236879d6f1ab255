"""The gateway's callbacks leave through the outbox (retried with backoff until Sanad answers)."""

from sanad.outbox.registry import handler
from sanad.payments.constants import SIGNATURE_HEADER
from sanad.payments.gateway import sign

from . import transport


class CallbackNotAccepted(RuntimeError):
    pass


@handler("gateway.callback")
def deliver_callback(message):
    body = message.payload["body"].encode()
    status = transport.post(
        message.payload["url"],
        body,
        {"Content-Type": "application/json", SIGNATURE_HEADER: sign(body)},
    )
    # 2xx: applied. 409: Sanad already has it (a duplicate): nothing more to do.
    if not (200 <= status < 300 or status == 409):
        raise CallbackNotAccepted(f"callback answered {status}")
