"""The payments panel on the case page: what is due and paid, the receipts and credit notes, and the
buttons to take a payment (staff) or pay online (the citizen)."""

import uuid

from sanad.accounts.constants import Role
from sanad.cases import workflow
from sanad.cases.panels import Panel, register

from . import selectors
from .constants import DocumentSeries, PaymentState, RefundState
from .models import PrintLog


def panel_context(request, case) -> dict:
    from sanad.cases.selectors import is_staff_of

    user = request.user
    summary = selectors.case_payment_summary(case)
    is_staff = is_staff_of(user, case.centre)
    open_to_pay = (
        workflow.payable(case.state) and summary["outstanding"].total > 0 and summary["pending"] is None
    )
    payments = list(selectors.case_payments(case))
    refunds = [refund for payment in payments for refund in payment.refunds.all()]
    return {
        "form_key": uuid.uuid4().hex,  # one form, one payment: a double click is not a second charge
        "pay": summary,
        "payments": payments,
        "refunds": refunds,
        "is_staff": is_staff,
        "can_take": is_staff and open_to_pay,
        "can_pay_online": user.pk == case.citizen_id and open_to_pay,
        "can_refund": is_staff and selectors.is_manager(user),
        "refunds_due": [r for r in refunds if r.state == RefundState.DUE],
        "refundable_states": (PaymentState.SUCCEEDED, PaymentState.PARTIALLY_REFUNDED),
    }


def panel_visible(case, user) -> bool:
    from sanad.cases.selectors import is_staff_of

    if user is None or not user.is_authenticated:
        return False
    return (
        user.pk == case.citizen_id
        or is_staff_of(user, case.centre)
        or user.role in (Role.REGULATOR, Role.ADMIN)
    )


def counter_context(request, case) -> dict:
    """The counter's money and print actions, at the top of the case page: take the fee, and print
    the latest receipt (flagged "ready" until it has been printed once)."""
    context = panel_context(request, case)
    receipt = next((p.receipt for p in reversed(context["payments"]) if getattr(p, "receipt", None)), None)
    printed = (
        receipt is not None
        and PrintLog.objects.filter(series=DocumentSeries.RECEIPT, number=receipt.number).exists()
    )
    return {**context, "receipt": receipt, "receipt_ready": receipt is not None and not printed}


def counter_visible(case, user) -> bool:
    from sanad.cases.selectors import is_staff_of

    return user is not None and user.is_authenticated and is_staff_of(user, case.centre)


def register_panel() -> None:
    register(
        Panel(
            name="counter",
            template="payments/counter_bar.html",
            context=counter_context,
            visible=counter_visible,
            order=10,
            slot="top",
        )
    )
    register(
        Panel(
            name="payments",
            template="payments/panel.html",
            context=panel_context,
            visible=panel_visible,
            order=50,
        )
    )
