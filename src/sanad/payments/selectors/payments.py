"""Tenancy of payments, receipts and credit notes, and what a case has paid. Citizens see their own
cases' payments, staff their centre's, the regulator and administrators everything, anyone else nothing."""

from datetime import datetime

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from sanad.accounts.constants import Role
from sanad.core.errors import NotFound

from .. import numbering
from ..arithmetic import ZERO, Breakdown, outstanding
from ..constants import MONEY_RECEIVED_STATES, PaymentMethod, PaymentState, RefundState
from ..models import (
    CentreBillingProfile,
    CentreRefundPolicy,
    CreditNote,
    Payment,
    Receipt,
    Refund,
    ServiceRefundRule,
)
from .common import staff_centre_id


# --- tenancy --------------------------------------------------------------------------------------
def payments_visible_to(user) -> QuerySet[Payment]:
    qs = Payment.objects.select_related("case", "centre__licence", "received_by", "receipt")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role in (Role.REGULATOR, Role.ADMIN):
        return qs
    if user.role == Role.CITIZEN:
        return qs.filter(case__citizen=user)
    if user.role == Role.CENTRE_STAFF:
        centre_id = staff_centre_id(user)
        return qs.filter(centre_id=centre_id) if centre_id else qs.none()
    return qs.none()


def payment_for(user, payment_id) -> Payment:
    try:
        payment_id = int(payment_id)
    except (TypeError, ValueError):
        raise NotFound(_("Payment not found.")) from None
    payment = payments_visible_to(user).filter(pk=payment_id).first()
    if payment is None:
        raise NotFound(_("Payment not found."))
    return payment


def receipt_for(user, number: str) -> Receipt:
    """Someone else's receipt is a 404, like a missing one."""
    receipt = (
        Receipt.objects.select_related(
            "payment__case__service_version", "payment__case__citizen", "centre__licence"
        )
        .filter(number=(number or "").strip().upper(), payment__in=payments_visible_to(user))
        .first()
    )
    if receipt is None:
        raise NotFound(_("Receipt not found."))
    return receipt


def credit_note_for(user, number: str) -> CreditNote:
    note = (
        CreditNote.objects.select_related(
            "refund__payment__receipt", "refund__case__service_version", "centre__licence"
        )
        .filter(number=(number or "").strip().upper(), refund__payment__in=payments_visible_to(user))
        .first()
    )
    if note is None:
        raise NotFound(_("Credit note not found."))
    return note


def document_verified(number: str, token: str):
    """The receipt or credit note behind a QR code, only if the token matches. A wrong token gets
    the same answer as an unknown number."""
    number = (number or "").strip().upper()
    if not numbering.token_matches(number, token):
        raise NotFound(_("No receipt matches this code."))
    document = Receipt.objects.select_related("payment", "centre").filter(number=number).first()
    document = (
        document
        or CreditNote.objects.select_related("refund__payment__receipt", "centre")
        .filter(number=number)
        .first()
    )
    if document is None:
        raise NotFound(_("No receipt matches this code."))
    return document


# --- what a case has paid -------------------------------------------------------------------------
def breakdown_sum(qs) -> Breakdown:
    totals = qs.aggregate(g=Sum("government_fee"), c=Sum("centre_fee"), v=Sum("vat"))
    return Breakdown(totals["g"] or 0, totals["c"] or 0, totals["v"] or 0)


def case_net_paid(case) -> Breakdown:
    """Money received for the case minus money given back, per component (read with the case's lock
    when the writer asked for it: sanad.cases.locking, preload "money")."""
    from sanad.cases.locking import preloaded

    net = preloaded(case, "money")
    if net is not None:
        return net
    received = breakdown_sum(Payment.objects.filter(case_id=case.pk, state__in=MONEY_RECEIVED_STATES))
    refunded = breakdown_sum(Refund.objects.filter(case_id=case.pk))
    return received - refunded


def case_outstanding(case) -> Breakdown:
    return outstanding(Breakdown.of(case), case_net_paid(case))


def case_paid_in_full(case) -> bool:
    return case.total == 0 or case_net_paid(case).total >= case.total


def payment_refundable(payment) -> Breakdown:
    """What can still be given back on this payment."""
    if payment.state not in MONEY_RECEIVED_STATES:
        return ZERO
    return (Breakdown.of(payment) - breakdown_sum(payment.refunds.all())).clamp()


def case_payments(case) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(case_id=case.pk)
        .select_related("receipt", "received_by")
        .prefetch_related("refunds__credit_note")
        .order_by("created_at", "pk")
    )


def case_pending_payment(case) -> Payment | None:
    return Payment.objects.filter(case_id=case.pk, state=PaymentState.PENDING).order_by("-created_at").first()


def case_payment_summary(case) -> dict:
    net = case_net_paid(case)
    due = outstanding(Breakdown.of(case), net)
    return {
        "fee": Breakdown.of(case),
        "net_paid": net,
        "outstanding": due,
        "paid_in_full": case.total == 0 or net.total >= case.total,
        "pending": case_pending_payment(case),
    }


def case_reached_institution(case) -> bool:
    from sanad.cases.constants import CaseState

    return case.events.filter(to_state=CaseState.SUBMITTED_TO_INSTITUTION).exists()


def case_work_started(case) -> bool:
    from sanad.cases.constants import CaseState

    return case.events.filter(to_state=CaseState.IN_PROGRESS).exists()


def refund_rule_for(service) -> ServiceRefundRule:
    return ServiceRefundRule.objects.filter(service_id=service.pk).first() or ServiceRefundRule(
        service=service
    )


def refund_policy_for(centre) -> CentreRefundPolicy:
    return CentreRefundPolicy.objects.filter(centre_id=centre.pk).first() or CentreRefundPolicy(centre=centre)


def billing_profile_for(centre) -> CentreBillingProfile:
    return CentreBillingProfile.objects.filter(centre_id=centre.pk).first() or CentreBillingProfile(
        centre=centre
    )


def pending_online_payments(*, older_than: datetime) -> QuerySet[Payment]:
    return Payment.objects.filter(
        method=PaymentMethod.ONLINE, state=PaymentState.PENDING, created_at__lt=older_than
    ).order_by("created_at")


def refunds_due_at(centre) -> QuerySet[Refund]:
    return Refund.objects.filter(centre=centre, state=RefundState.DUE).select_related("case", "credit_note")
