"""The simulated gateway's own behaviour. It knows nothing of Sanad's models: it takes an amount,
a merchant reference and two URLs, and tells the merchant what happened, by callback and on demand."""

import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sanad.outbox.models import OutboxMessage
from sanad.outbox.services import outbox_enqueue

from .constants import Mode, SessionStatus
from .models import GatewaySession


def default_mode() -> str:
    mode = getattr(settings, "SANAD_GATEWAY_MODE", Mode.SUCCEED)
    return mode if mode in Mode.values else Mode.SUCCEED


def session_open(
    *,
    merchant_reference: str,
    case_reference: str,
    amount: int,
    currency: str,
    return_url: str,
    callback_url: str,
) -> GatewaySession:
    return GatewaySession.objects.create(
        reference=f"GW-{secrets.token_hex(10).upper()}",
        merchant_reference=str(merchant_reference),
        case_reference=case_reference,
        amount=amount,
        currency=currency,
        return_url=return_url,
        callback_url=callback_url,
    )


def callback_body(session: GatewaySession) -> bytes:
    """The callback the gateway sends (the same bytes every time for the same outcome)."""
    return json.dumps(
        {
            "event_id": f"{session.reference}:{session.status}",
            "session": session.reference,
            "merchant_reference": session.merchant_reference,
            "case_reference": session.case_reference,
            "status": session.status,
            "amount": session.amount,
            "currency": session.currency,
            "occurred_at": (session.completed_at or timezone.now()).isoformat(),
        },
        sort_keys=True,
    ).encode()


def _send_callback(session: GatewaySession, *, copy: int = 1, delay_seconds: int = 0) -> None:
    message = outbox_enqueue(
        kind="gateway.callback",
        payload={"url": session.callback_url, "body": callback_body(session).decode()},
        idempotency_key=f"gateway:{session.reference}:{session.status}:{copy}",
    )
    if delay_seconds:
        OutboxMessage.objects.filter(pk=message.pk).update(
            next_attempt_at=timezone.now() + timedelta(seconds=delay_seconds)
        )


def session_complete(*, reference: str, action: str, mode: str | None = None) -> GatewaySession:
    """The payer pressed Pay or Cancel on the hosted page. The mode decides what the gateway does."""
    mode = mode if mode in Mode.values else default_mode()
    with transaction.atomic():
        session = GatewaySession.objects.select_for_update().get(reference=reference)
        if session.status != SessionStatus.PENDING:
            return session
        session.mode = mode
        session.completed_at = timezone.now()
        if action == "cancel":
            session.status = SessionStatus.CANCELLED
        elif mode == Mode.DECLINE:
            session.status = SessionStatus.DECLINED
        else:
            session.status = SessionStatus.SUCCEEDED
        session.save(update_fields=["mode", "status", "completed_at"])
        if action == "cancel" or mode in (Mode.SUCCEED, Mode.DECLINE):
            _send_callback(session)
        elif mode == Mode.LATE:
            _send_callback(session, delay_seconds=settings.SANAD_GATEWAY_LATE_SECONDS)
        elif mode == Mode.TWICE:
            _send_callback(session, copy=1)
            _send_callback(session, copy=2)
        # Mode.TIMEOUT: the money is taken but the callback never leaves; only a status query finds it.
    return session


def session_status(reference: str) -> dict:
    """The server-side status query. A session nobody finished expires after a while."""
    session = GatewaySession.objects.filter(reference=reference).first()
    if session is None:
        return {"session": reference, "status": "not_found"}
    status = session.status
    expiry = timedelta(minutes=settings.SANAD_GATEWAY_SESSION_MINUTES)
    if status == SessionStatus.PENDING and session.created_at < timezone.now() - expiry:
        status = SessionStatus.EXPIRED
    return {
        "session": session.reference,
        "status": status,
        "amount": session.amount,
        "currency": session.currency,
        "case_reference": session.case_reference,
        "merchant_reference": session.merchant_reference,
        "refunded": session.refunded,
    }


def session_refund(*, reference: str, amount: int, key: str) -> GatewaySession:
    with transaction.atomic():
        session = GatewaySession.objects.select_for_update().get(reference=reference)
        if key in session.refund_keys:
            return session
        if session.status != SessionStatus.SUCCEEDED or session.refunded + amount > session.amount:
            raise ValueError("refund refused by the gateway")
        session.refunded += amount
        session.refund_keys = [*session.refund_keys, key]
        session.save(update_fields=["refunded", "refund_keys"])
    return session
