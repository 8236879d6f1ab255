from django.db import models
from django.utils.translation import gettext_lazy as _

CURRENCY = "OMR"


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD_TERMINAL = "card_terminal", _("Card (terminal)")
    ONLINE = "online", _("Online")


class PaymentState(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


# Payments whose money was received (and may have been partly or wholly given back).
MONEY_RECEIVED_STATES = (PaymentState.SUCCEEDED, PaymentState.PARTIALLY_REFUNDED, PaymentState.REFUNDED)


class RefundReason(models.TextChoices):
    INSTITUTION_REJECTED = "institution_rejected", _("The institution rejected the transaction")
    CANCELLED = "cancelled", _("The transaction was cancelled")
    OVERPAID = "overpaid", _("Paid more than the fee")
    MANUAL = "manual", _("Refund by the centre")
    COMPLAINT_UPHELD = "complaint_upheld", _("Overcharge refunded: complaint upheld by the regulator")


class RefundState(models.TextChoices):
    DUE = "due", _("To hand back")
    PAID_OUT = "paid_out", _("Handed back")


class CallbackOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DUPLICATE = "duplicate", _("Duplicate (nothing new)")
    BAD_SIGNATURE = "bad_signature", _("Bad signature")
    MALFORMED = "malformed", _("Malformed")
    UNKNOWN_PAYMENT = "unknown_payment", _("Unknown payment")
    MISMATCH = "mismatch", _("Amount, currency or case does not match")
    CONFLICT = "conflict", _("Conflicts with the recorded result")


class GatewayStatus(models.TextChoices):
    """What the gateway says about a payment session (callbacks and status queries)."""

    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    NOT_FOUND = "not_found", _("Not found")


GATEWAY_FINAL_FAILURES = (
    GatewayStatus.DECLINED,
    GatewayStatus.CANCELLED,
    GatewayStatus.EXPIRED,
    GatewayStatus.NOT_FOUND,
)


class ReceiptLayout(models.TextChoices):
    A4 = "a4", _("A4")
    THERMAL = "thermal", _("80 mm thermal")


class DocumentSeries(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    CREDIT_NOTE = "credit_note", _("Credit note")


class StatementFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"


SIGNATURE_HEADER = "X-Sanad-Signature"
