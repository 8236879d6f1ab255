"""Online payments are confirmed by the gateway only: its HMAC-signed callback, or a server-side
status query when the callback does not come. The browser coming back proves nothing.

Every callback is logged (PaymentCallbackLog), accepted or not: a forged or mismatched one is
evidence. A gateway event is applied once; a replay records nothing new."""

import json
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.errors import BadRequest, Conflict, DomainError, NotFound, PermissionDenied, ValidationFailed

from .. import selectors
from ..constants import (
    GATEWAY_FINAL_FAILURES,
    MONEY_RECEIVED_STATES,
    CallbackOutcome,
    GatewayStatus,
    PaymentState,
)
from ..gateway import client, signature_valid
from ..models import Payment, PaymentCallbackLog
from .payments import locked, payment_fail, payment_succeed

log = logging.getLogger(__name__)

_REQUIRED = ("event_id", "session", "status", "amount", "currency", "case_reference")


def _reject(error_class, message, outcome: str, **extra):
    error = error_class(message, **extra)
    error.outcome = outcome
    return error


def _parse(body: bytes) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict) or any(key not in data for key in _REQUIRED):
        raise _reject(BadRequest, _("The callback is not in the expected format."), CallbackOutcome.MALFORMED)
    if (
        data["status"] not in (GatewayStatus.SUCCEEDED, *GATEWAY_FINAL_FAILURES)
        or data["status"] == GatewayStatus.NOT_FOUND
    ):
        raise _reject(BadRequest, _("The callback is not in the expected format."), CallbackOutcome.MALFORMED)
    if not isinstance(data["amount"], int) or isinstance(data["amount"], bool):
        raise _reject(BadRequest, _("The callback is not in the expected format."), CallbackOutcome.MALFORMED)
    data["event_id"] = str(data["event_id"])[:64]
    return data


def _apply(data: dict, body_text: str, remote_addr: str) -> Payment:
    found = (
        Payment.objects.filter(gateway_reference=str(data["session"])[:64])
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        raise _reject(NotFound, _("No payment matches this callback."), CallbackOutcome.UNKNOWN_PAYMENT)
    case, payment = locked(found)
    if (
        data["amount"] != payment.total
        or str(data["currency"]) != payment.currency
        or str(data["case_reference"]) != case.reference
    ):
        error = _reject(
            ValidationFailed,
            _("The callback's amount, currency or transaction does not match the payment."),
            CallbackOutcome.MISMATCH,
        )
        error.payment_id = payment.pk
        raise error
    if PaymentCallbackLog.objects.filter(
        event_id=data["event_id"], outcome=CallbackOutcome.ACCEPTED
    ).exists():
        error = _reject(
            Conflict, _("This callback was already processed; nothing changed."), CallbackOutcome.DUPLICATE
        )
        error.payment_id = payment.pk
        raise error
    status = data["status"]
    if status == GatewayStatus.SUCCEEDED:
        if payment.state in MONEY_RECEIVED_STATES:
            error = _reject(
                Conflict,
                _("This payment is already recorded as paid; nothing changed."),
                CallbackOutcome.DUPLICATE,
            )
            error.payment_id = payment.pk
            raise error
        # pending, or failed by an earlier timeout while the gateway did take the money
        payment_succeed(payment=payment, actor=None, confirmed_by="callback")
    else:
        if payment.state == PaymentState.FAILED:
            error = _reject(
                Conflict,
                _("This payment is already recorded as failed; nothing changed."),
                CallbackOutcome.DUPLICATE,
            )
            error.payment_id = payment.pk
            raise error
        if payment.state != PaymentState.PENDING:
            error = _reject(
                Conflict,
                _("The gateway already confirmed this payment; a later failure is not applied."),
                CallbackOutcome.CONFLICT,
            )
            error.payment_id = payment.pk
            raise error
        payment_fail(payment=payment, actor=None, reason=f"gateway: {status}")
    try:
        with transaction.atomic():
            PaymentCallbackLog.objects.create(
                payment=payment,
                event_id=data["event_id"],
                signature_valid=True,
                outcome=CallbackOutcome.ACCEPTED,
                http_status=200,
                body=body_text,
                remote_addr=remote_addr[:64],
            )
    except IntegrityError:  # the same event, applied by a concurrent request a moment ago
        raise _reject(
            Conflict, _("This callback was already processed; nothing changed."), CallbackOutcome.DUPLICATE
        ) from None
    return payment


def gateway_callback_receive(*, body: bytes, signature: str, remote_addr: str = "") -> Payment:
    """Verify and apply one gateway callback. Raises a DomainError (4xx) for anything not applied;
    either way the callback is logged."""
    body_text = body[:4000].decode("utf-8", errors="replace")
    event_id = ""
    try:
        if not signature_valid(body, signature):
            raise _reject(
                PermissionDenied, _("The callback's signature is not valid."), CallbackOutcome.BAD_SIGNATURE
            )
        data = _parse(body)
        event_id = data["event_id"]
        with transaction.atomic():
            payment = _apply(data, body_text, remote_addr)
    except DomainError as error:
        outcome = getattr(error, "outcome", CallbackOutcome.MALFORMED)
        PaymentCallbackLog.objects.create(
            payment_id=getattr(error, "payment_id", None),
            event_id=event_id,
            signature_valid=outcome != CallbackOutcome.BAD_SIGNATURE,
            outcome=outcome,
            http_status=error.status,
            detail=error.message[:300],
            body=body_text,
            remote_addr=remote_addr[:64],
        )
        level = logging.WARNING if outcome in (CallbackOutcome.DUPLICATE,) else logging.ERROR
        log.log(level, "gateway callback refused (%s): %s", outcome, error.message)
        raise
    return payment


# --- reconciliation -------------------------------------------------------------------------------
def payment_reconcile(*, payment_id: int) -> Payment:
    """Ask the gateway what became of a pending online payment and record its answer."""
    payment = Payment.objects.get(pk=payment_id)
    if payment.state != PaymentState.PENDING or not payment.gateway_reference:
        return payment
    report = client().status(payment.gateway_reference)
    with transaction.atomic():
        case, payment = locked(payment_id)
        if payment.state != PaymentState.PENDING:
            return payment  # a callback arrived meanwhile
        if report.status == GatewayStatus.SUCCEEDED:
            if (
                report.amount != payment.total
                or report.currency != payment.currency
                or report.case_reference != case.reference
            ):
                log.error(
                    "gateway status for payment %s does not match it; left pending for review", payment.pk
                )
                return payment
            payment_succeed(payment=payment, actor=None, confirmed_by="status_query")
        elif report.status in GATEWAY_FINAL_FAILURES:
            payment_fail(payment=payment, actor=None, reason=f"gateway status: {report.status}")
    return payment


def payments_reconcile_pending(*, now=None) -> dict:
    """The scheduled task: every online payment pending longer than the timeout is checked with the
    gateway. Returns how many ended up succeeded, failed or still pending."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.SANAD_ONLINE_PAYMENT_TIMEOUT_MINUTES)
    counts = {"succeeded": 0, "failed": 0, "pending": 0}
    for payment_id in list(
        selectors.pending_online_payments(older_than=cutoff).values_list("pk", flat=True)[:500]
    ):
        try:
            payment = payment_reconcile(payment_id=payment_id)
        except Exception:  # one gateway error must not stop the others
            log.exception("reconciling payment %s failed", payment_id)
            counts["pending"] += 1
            continue
        key = {PaymentState.SUCCEEDED: "succeeded", PaymentState.FAILED: "failed"}.get(
            payment.state, "pending"
        )
        if payment.state in MONEY_RECEIVED_STATES:
            key = "succeeded"
        counts[key] += 1
    return counts
