"""Giving money back: automatically when the institution rejects a paid case or a paid case is
cancelled (by the service's rule and the centre's policy), by the centre's manager, or when a late
gateway success pays more than the fee. Never more than was paid; each refund has a credit note."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sanad.core.money import format_omr

from .. import effects, methods, selectors
from ..arithmetic import COMPONENTS, Breakdown, allocate, refund_due
from ..constants import DocumentSeries, PaymentMethod, PaymentState, RefundReason, RefundState
from ..models import CreditNote, DailyClose, Payment, Refund
from ..numbering import take_number
from .payments import locked, record_event


def refund_issue(*, payment: Payment, part: Breakdown, reason: str, actor, note: str = "") -> Refund:
    """One refund on one payment, in the caller's transaction (case and payment locked)."""
    from sanad.cases.selectors import is_staff_of

    room = selectors.payment_refundable(payment)
    if part.total <= 0 or not part.fits_within(room):
        raise ValidationFailed(
            errors={
                "amount": [
                    _("A refund cannot be more than what was paid: at most %(max)s.")
                    % {"max": format_omr(room.total)}
                ]
            }
        )
    plugin = methods.get(payment.method)
    by_staff = actor is not None and is_staff_of(actor, payment.centre)
    if by_staff and payment.method == PaymentMethod.CASH and _drawer_closed(actor):
        by_staff = False  # the cash waits for whoever opens a drawer next
    state = plugin.refund_state(handed_by_staff=by_staff)
    now = timezone.now()
    refund = Refund.objects.create(
        payment=payment,
        case_id=payment.case_id,
        centre_id=payment.centre_id,
        institution_id=payment.institution_id,
        method=payment.method,
        government_fee=part.government_fee,
        centre_fee=part.centre_fee,
        vat=part.vat,
        total=part.total,
        reason=reason,
        note=(note or "")[:300],
        state=state,
        created_by=actor,
        paid_out_by=actor if state == RefundState.PAID_OUT and by_staff else None,
        paid_out_at=now if state == RefundState.PAID_OUT else None,
    )
    year = timezone.localtime(now).year
    sequence, number = take_number(centre=payment.centre, series=DocumentSeries.CREDIT_NOTE, year=year)
    CreditNote.objects.create(
        number=number, refund=refund, centre=payment.centre, year=year, sequence=sequence, issued_at=now
    )
    previous = payment.state
    payment.state = PaymentState.REFUNDED if (room - part).total == 0 else PaymentState.PARTIALLY_REFUNDED
    payment.save(update_fields=["state", "updated_at"])
    record_event(payment, previous, actor, note, refund=refund.pk, amount=part.total)
    for effect in effects.REFUND_EFFECTS:
        effect(refund)
    plugin.on_refund(refund=refund)
    _notify_refund(refund, number)
    return refund


def _notify_refund(refund: Refund, number: str) -> None:
    from sanad.notifications.services import notify

    notify(
        user=refund.case.citizen,
        template="refund_issued",
        context={"case": refund.case, "refund": refund, "credit_note_number": number},
        key=f"refund:{refund.pk}:issued",
    )


def refund_case(*, case, amount: Breakdown, reason: str, actor, note: str = "") -> list[Refund]:
    """Spread a refund over the case's payments, the latest first. The case must be locked."""
    available = [
        (p.pk, selectors.payment_refundable(p))
        for p in Payment.objects.filter(case_id=case.pk).order_by("-paid_at", "-pk")
    ]
    try:
        parts = allocate(amount, [(pid, room) for pid, room in available if room.total > 0])
    except ValueError:
        raise ValidationFailed(
            errors={"amount": [_("A refund cannot be more than what was paid.")]}
        ) from None
    refunds = []
    for payment_id, part in parts:
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("centre__licence")
            .get(pk=payment_id)
        )
        payment.case = case
        refunds.append(refund_issue(payment=payment, part=part, reason=reason, actor=actor, note=note))
    return refunds


def case_refund_on_end(case, step, actor) -> None:
    """Workflow effect: a paid case rejected by the institution or cancelled gets back what the
    service's rule (government fee) and the centre's policy (its fee and VAT) say."""
    from sanad.cases.constants import Action, CaseState

    if step.action == Action.REJECT:
        reason = RefundReason.INSTITUTION_REJECTED
    elif step.target == CaseState.CANCELLED:
        reason = RefundReason.CANCELLED
    else:
        return
    net = selectors.case_net_paid(case)
    if net.total <= 0:
        return
    rule = selectors.refund_rule_for(case.service)
    policy = selectors.refund_policy_for(case.centre)
    due = refund_due(
        net_paid=net,
        reached_institution=selectors.case_reached_institution(case),
        work_started=selectors.case_work_started(case),
        government_fee_on_rejection=rule.refund_government_fee_on_rejection,
        centre_fee_before_work=policy.refund_before_work,
        centre_fee_after_work=policy.refund_after_work,
    )
    if due.total > 0:
        refund_case(case=case, amount=due, reason=reason, actor=actor)


def refund_excess(*, case, payment: Payment) -> list[Refund]:
    """After a success: money for a cancelled case goes back whole; money above the fee goes back."""
    from sanad.cases.constants import CaseState

    room = selectors.payment_refundable(payment)
    if case.state == CaseState.CANCELLED:
        excess, reason = room, RefundReason.CANCELLED
    else:
        excess = (selectors.case_net_paid(case) - Breakdown.of(case)).clamp().at_most(room)
        reason = RefundReason.OVERPAID
    if excess.total <= 0:
        return []
    return [refund_issue(payment=payment, part=excess, reason=reason, actor=None)]


def case_refund_overpaid(case, actor) -> list[Refund]:
    """Fee-change effect: a lowered fee on a paid case gives the difference back at once (the case is
    locked by the fee change). A raised fee leaves the rest due; the `paid` guard asks for it."""
    excess = (selectors.case_net_paid(case) - Breakdown.of(case)).clamp()
    if excess.total <= 0:
        return []
    return refund_case(
        case=case, amount=excess, reason=RefundReason.OVERPAID, actor=actor, note=_("The fee was lowered.")
    )


def _component(value, name: str) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool):
        raise ValidationFailed(errors={name: [_("Enter a whole number of baisa, zero or more.")]})
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(errors={name: [_("Enter a whole number of baisa, zero or more.")]}) from None
    if number < 0 or str(number) != str(value).strip():
        raise ValidationFailed(errors={name: [_("Enter a whole number of baisa, zero or more.")]})
    return number


def refund_create(*, payment_id, actor, government_fee=0, centre_fee=0, vat=0, note: str = "") -> Refund:
    """A refund decided by the centre's manager or owner, component by component."""
    part = Breakdown(
        *(_component(v, n) for v, n in zip((government_fee, centre_fee, vat), COMPONENTS, strict=True))
    )
    note = (note or "").strip()
    payment = selectors.payment_for(actor, payment_id)  # 404 for another centre's payment
    if not selectors.is_manager(actor) or selectors.staff_centre_id(actor) != payment.centre_id:
        raise PermissionDenied(_("Only the centre's manager or owner can give money back."))
    if not note:
        raise ValidationFailed(
            errors={"note": [_("Write why the money is given back; the citizen will see it.")]}
        )
    if part.total <= 0:
        raise ValidationFailed(errors={"amount": [_("Enter the amount to give back.")]})
    with transaction.atomic():
        _case, payment = locked(payment.pk)
        if payment.state not in (PaymentState.SUCCEEDED, PaymentState.PARTIALLY_REFUNDED):
            raise Conflict(_("Only a paid payment can be refunded."))
        if payment.method == PaymentMethod.CASH:
            _drawer_open(actor)
        return refund_issue(payment=payment, part=part, reason=RefundReason.MANUAL, actor=actor, note=note)


def _drawer_closed(actor) -> bool:
    from .cash import drawer_lock

    drawer_lock(actor)
    return DailyClose.objects.filter(clerk=actor, day=timezone.localdate()).exists()


def _drawer_open(actor) -> None:
    if _drawer_closed(actor):
        raise Conflict(_("You already closed your cash drawer today; cash cannot leave a closed drawer."))


def refund_pay_out(*, refund_id, actor) -> Refund:
    """Someone at the counter hands a cash refund back to the citizen."""
    from sanad.cases.selectors import is_staff_of

    with transaction.atomic():
        refund = (
            Refund.objects.select_for_update(of=("self",))
            .select_related("centre")
            .filter(pk=refund_id)
            .first()
        )
        if refund is None or not is_staff_of(actor, refund.centre):
            raise NotFound(_("Refund not found."))
        if refund.state != RefundState.DUE:
            raise Conflict(_("This refund was already handed back."))
        _drawer_open(actor)
        refund.state = RefundState.PAID_OUT
        refund.paid_out_by = actor
        refund.paid_out_at = timezone.now()
        refund.save(update_fields=["state", "paid_out_by", "paid_out_at"])
    return refund
