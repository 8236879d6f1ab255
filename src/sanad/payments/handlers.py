"""Outbox handlers of the payments area."""

from sanad.outbox.registry import handler

from .gateway import client


@handler("payments.gateway_refund")
def gateway_refund(message):
    """Ask the gateway to give an online payment's money back (idempotent on the refund's key)."""
    p = message.payload
    client().refund(reference=p["reference"], amount=p["amount"], key=f"refund-{p['refund_id']}")
