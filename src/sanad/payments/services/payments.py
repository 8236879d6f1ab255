"""Taking money: create a payment (any method), record its success or failure, and the `paid` guard
that keeps a case from going to the institution before it is paid in full."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.errors import Conflict, NotFound, ValidationFailed
from sanad.core.money import format_omr

from .. import effects, methods, selectors
from ..arithmetic import Breakdown
from ..constants import CURRENCY, DocumentSeries, PaymentState
from ..models import Payment, PaymentEvent, Receipt
from ..numbering import take_number

log = logging.getLogger(__name__)


def _clean_amount(amount) -> int:
    if isinstance(amount, bool) or amount is None or amount == "":
        raise ValidationFailed(errors={"amount": [_("Enter the amount in baisa (1 OMR = 1000 baisa).")]})
    try:
        value = int(amount)
    except (TypeError, ValueError):
        raise ValidationFailed(
            errors={"amount": [_("Enter the amount in baisa (1 OMR = 1000 baisa).")]}
        ) from None
    if value != amount and str(value) != str(amount).strip():
        raise ValidationFailed(errors={"amount": [_("Enter the amount in baisa (1 OMR = 1000 baisa).")]})
    if value < 0:
        raise ValidationFailed(errors={"amount": [_("The amount cannot be negative.")]})
    return value


def _check_payable(case) -> None:
    from sanad.cases import workflow
    from sanad.cases.constants import CaseState

    if workflow.payable(case.state):
        return
    if case.state in workflow.FINISHED:
        raise Conflict(
            _("This transaction is “%(state)s”; it can no longer be paid.")
            % {"state": CaseState(case.state).label},
            current_state=case.state,
        )
    raise Conflict(_("The centre must accept the request before it can be paid."), current_state=case.state)


def record_event(payment: Payment, previous: str, actor, note: str = "", **data) -> None:
    PaymentEvent.objects.create(
        payment=payment, from_state=previous, to_state=payment.state, actor=actor, note=note[:300], data=data
    )


def payment_create(
    *,
    case,
    actor,
    method: str,
    amount,
    approval_reference: str = "",
    idempotency_key: str | None = None,
    return_url: str = "",
    callback_url: str = "",
) -> Payment:
    """Take a payment for a case. The amount must be exactly what is still due (the fee snapshot,
    less what was already paid). Cash and card succeed at once and get a receipt number; online opens
    a session at the gateway and stays pending until the gateway confirms. The same Idempotency-Key
    from the same caller returns the first payment. Nothing is written if anything is wrong."""
    from sanad.cases.locking import locked_case

    key = (idempotency_key or "").strip()[:200]
    if key:
        existing = Payment.objects.filter(created_by=actor, idempotency_key=key).first()
        if existing is not None:
            if existing.case_id != case.pk:
                raise Conflict(_("This Idempotency-Key was already used for another payment."))
            return existing
    plugin = methods.get(method)
    extra = plugin.clean(approval_reference=approval_reference)
    amount = _clean_amount(amount)
    try:
        with locked_case(case.pk, actor, related=("centre__licence", "service", "citizen")) as case:
            plugin.check_actor(case=case, actor=actor)
            _check_payable(case)
            if case.total == 0:
                raise Conflict(_("This transaction has no fee: there is nothing to pay."))
            due = selectors.case_outstanding(case)
            if due.total == 0:
                raise Conflict(_("This transaction is already paid in full."))
            if selectors.case_pending_payment(case) is not None:
                raise Conflict(
                    _(
                        "An online payment for this transaction is waiting for the gateway's answer. Try again in a few minutes."
                    )
                )
            if amount != due.total:
                raise ValidationFailed(
                    errors={
                        "amount": [
                            _("The amount to pay is %(due)s (%(baisa)s baisa), not %(given)s.")
                            % {"due": format_omr(due.total), "baisa": due.total, "given": format_omr(amount)}
                        ]
                    }
                )
            plugin.before_create(case=case, actor=actor)
            payment = Payment.objects.create(
                case=case,
                centre=case.centre,
                institution_id=case.service.institution_id,
                method=plugin.name,
                state=PaymentState.PENDING,
                government_fee=due.government_fee,
                centre_fee=due.centre_fee,
                vat=due.vat,
                total=due.total,
                currency=CURRENCY,
                idempotency_key=key,
                created_by=actor,
                **extra,
            )
            record_event(payment, "", actor)
            plugin.start(payment=payment, actor=actor, return_url=return_url, callback_url=callback_url)
    except IntegrityError:
        if key:  # a concurrent retry with the same key won the race
            existing = Payment.objects.filter(created_by=actor, idempotency_key=key).first()
            if existing is not None:
                return existing
        raise
    # Outside the transaction: the payment row is committed and the case unlocked before anything
    # talks to the outside world (the online gateway), however slow it is.
    plugin.after_commit(payment=payment, actor=actor, return_url=return_url, callback_url=callback_url)
    return payment


def payment_succeed(*, payment: Payment, actor, confirmed_by: str, note: str = "") -> Payment:
    """Record that the money arrived: the payment succeeds and takes the next receipt number, in the
    caller's transaction (the case and the payment are locked by the caller). A success that comes
    for a cancelled case, or that pays more than the fee, is given back at once."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("payment_succeed runs inside the caller's transaction")
    previous = payment.state
    now = timezone.now()
    payment.state = PaymentState.SUCCEEDED
    payment.paid_at = now
    payment.confirmed_by = confirmed_by
    payment.failure_reason = ""
    if confirmed_by == "counter":
        payment.received_by = actor
    payment.save(
        update_fields=["state", "paid_at", "confirmed_by", "failure_reason", "received_by", "updated_at"]
    )
    record_event(payment, previous, actor, note, confirmed_by=confirmed_by)
    for effect in effects.PAYMENT_EFFECTS:
        effect(payment)
    sequence, number = take_number(
        centre=payment.centre, series=DocumentSeries.RECEIPT, year=timezone.localtime(now).year
    )
    Receipt.objects.create(
        number=number,
        payment=payment,
        centre=payment.centre,
        year=timezone.localtime(now).year,
        sequence=sequence,
        issued_at=now,
    )
    _notify_paid(payment)
    from .refunds import refund_excess

    refund_excess(case=payment.case, payment=payment)
    return payment


def payment_fail(*, payment: Payment, actor, reason: str) -> Payment:
    previous = payment.state
    payment.state = PaymentState.FAILED
    payment.failure_reason = reason[:200]
    payment.save(update_fields=["state", "failure_reason", "updated_at"])
    record_event(payment, previous, actor, reason)
    return payment


def _notify_paid(payment: Payment) -> None:
    from sanad.notifications.services import notify

    case = payment.case
    notify(
        user=case.citizen,
        template="payment_received",
        context={"case": case, "payment": payment, "receipt_number": payment.receipt.number},
        key=f"payment:{payment.pk}:succeeded",
    )


# --- the guard the case workflow asks for ---------------------------------------------------------
def guard_paid(case) -> None:
    """submit_to_institution needs the case paid in full (or a zero total)."""
    if case.total == 0:
        return
    net = selectors.case_net_paid(case)
    if net.total < case.total:
        raise Conflict(
            _("The transaction is not paid in full yet: %(due)s still to pay. Take the payment first.")
            % {"due": format_omr(case.total - max(net.total, 0))},
            current_state=case.state,
        )


def locked(payment_id: int) -> tuple:
    """The case and the payment, locked in that order (every writer locks the case first)."""
    from sanad.cases.locking import case_lock

    case_id = Payment.objects.filter(pk=payment_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound(_("Payment not found."))
    case = case_lock(case_id, related=("centre__licence", "citizen"))
    payment = (
        Payment.objects.select_for_update(of=("self",)).select_related("centre__licence").get(pk=payment_id)
    )
    payment.case = case
    return case, payment


__all__ = ["Breakdown", "guard_paid", "locked", "payment_create", "payment_fail", "payment_succeed"]
