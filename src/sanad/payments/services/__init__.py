"""Writes for payments, by purpose: taking money (payments), the gateway's word (online), giving it
back (refunds), printing (documents), the cash drawer (cash) and settlement with institutions."""

from .cash import daily_close_create
from .documents import document_print
from .online import gateway_callback_receive, payment_reconcile, payments_reconcile_pending
from .payments import guard_paid, payment_create, payment_fail, payment_succeed
from .refunds import case_refund_on_end, refund_case, refund_create, refund_issue, refund_pay_out
from .settlement import billing_profile_set, refund_policy_set, remittance_record

__all__ = [
    "billing_profile_set",
    "case_refund_on_end",
    "daily_close_create",
    "document_print",
    "gateway_callback_receive",
    "guard_paid",
    "payment_create",
    "payment_fail",
    "payment_reconcile",
    "payment_succeed",
    "payments_reconcile_pending",
    "refund_case",
    "refund_create",
    "refund_issue",
    "refund_pay_out",
    "refund_policy_set",
    "remittance_record",
]
