"""Payments, refunds and the paper that proves them (receipts, credit notes), the cash drawer's daily
close, and the government fees owed to institutions (remittances). Money is integer baisa."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .constants import (
    CURRENCY,
    CallbackOutcome,
    DocumentSeries,
    PaymentMethod,
    PaymentState,
    ReceiptLayout,
    RefundReason,
    RefundState,
)


def _sum_is_total(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(total=F("government_fee") + F("centre_fee") + F("vat")), name=f"{prefix}_total_is_sum"
    )


class Immutable(models.Model):
    """History rows are written once, never changed or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("history rows are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("history rows are immutable")


class Payment(models.Model):
    """Money for one case, with the breakdown it covers (copied from the case's fee snapshot)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="payments", verbose_name=_("case")
    )
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="payments")
    institution = models.ForeignKey(
        "catalogue.Institution", on_delete=models.PROTECT, related_name="payments"
    )
    method = models.CharField(_("method"), max_length=16, choices=PaymentMethod.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=PaymentState.choices, default=PaymentState.PENDING
    )
    government_fee = models.PositiveIntegerField(_("government fee (baisa)"))
    centre_fee = models.PositiveIntegerField(_("centre fee (baisa)"))
    vat = models.PositiveIntegerField(_("VAT (baisa)"))
    total = models.PositiveIntegerField(_("total (baisa)"))
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY)
    idempotency_key = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments_received",
        verbose_name=_("received by"),
    )
    approval_reference = models.CharField(_("terminal approval reference"), max_length=40, blank=True)
    gateway_reference = models.CharField(_("gateway reference"), max_length=64, blank=True, db_index=True)
    gateway_url = models.CharField(max_length=500, blank=True)
    confirmed_by = models.CharField(
        _("confirmed by"), max_length=16, blank=True
    )  # counter | callback | status_query
    failure_reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            _sum_is_total("payment"),
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="payment_idempotency_unique",
            ),
            models.UniqueConstraint(
                fields=["gateway_reference"],
                condition=~Q(gateway_reference=""),
                name="payment_gateway_ref_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "paid_at"], name="payment_centre_paid_idx"),
            models.Index(fields=["institution", "paid_at"], name="payment_institution_paid_idx"),
            models.Index(fields=["method", "state", "created_at"], name="payment_pending_idx"),
            models.Index(fields=["received_by", "paid_at"], name="payment_drawer_idx"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.method} {self.total} ({self.state})"

    @property
    def breakdown(self) -> dict:
        return {
            "government_fee": self.government_fee,
            "centre_fee": self.centre_fee,
            "vat": self.vat,
            "total": self.total,
        }


class PaymentEvent(Immutable):
    """One change of a payment's state: who, when, from, to, why."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField(max_length=20, choices=PaymentState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=PaymentState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self):
        return f"{self.payment_id}: {self.from_state or '-'} → {self.to_state}"


class Refund(models.Model):
    """Money given back on a payment. Each refund has a numbered credit note. A cash refund is `due`
    until someone at the counter hands it over (so the drawer knows when the cash left it)."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="refunds")
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="refunds")
    institution = models.ForeignKey("catalogue.Institution", on_delete=models.PROTECT, related_name="refunds")
    method = models.CharField(_("method"), max_length=16, choices=PaymentMethod.choices)
    government_fee = models.PositiveIntegerField(_("government fee (baisa)"))
    centre_fee = models.PositiveIntegerField(_("centre fee (baisa)"))
    vat = models.PositiveIntegerField(_("VAT (baisa)"))
    total = models.PositiveIntegerField(_("total (baisa)"))
    reason = models.CharField(_("reason"), max_length=24, choices=RefundReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=RefundState.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    paid_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds_paid_out",
    )
    paid_out_at = models.DateTimeField(_("handed back at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            _sum_is_total("refund"),
            models.CheckConstraint(condition=Q(total__gt=0), name="refund_positive"),
        ]
        indexes = [models.Index(fields=["centre", "created_at"], name="refund_centre_idx")]

    def __str__(self):
        return f"refund #{self.pk} of payment #{self.payment_id}: {self.total}"


class DocumentSequence(models.Model):
    """The last number used for a series (receipts, credit notes) at a centre in a year. Taken under
    a row lock inside the transaction that issues the document, so numbers have no gaps."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    series = models.CharField(max_length=16, choices=DocumentSeries.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "series", "year"], name="document_sequence_unique")
        ]

    def __str__(self):
        return f"{self.centre_id} {self.series} {self.year}: {self.last_number}"


class Receipt(models.Model):
    """إيصال: the numbered proof of a successful payment."""

    number = models.CharField(_("receipt number"), max_length=48, unique=True)
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        ordering = ("-issued_at", "-pk")
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.UniqueConstraint(fields=["centre", "year", "sequence"], name="receipt_sequence_unique")
        ]

    def __str__(self):
        return self.number


class CreditNote(models.Model):
    """إشعار دائن: the numbered proof of a refund."""

    number = models.CharField(_("credit note number"), max_length=48, unique=True)
    refund = models.OneToOneField(Refund, on_delete=models.PROTECT, related_name="credit_note")
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        ordering = ("-issued_at", "-pk")
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        constraints = [
            models.UniqueConstraint(fields=["centre", "year", "sequence"], name="credit_note_sequence_unique")
        ]

    def __str__(self):
        return self.number


class PrintLog(Immutable):
    """Every print of a receipt or credit note; every print after the first is a copy."""

    series = models.CharField(max_length=16, choices=DocumentSeries.choices)
    number = models.CharField(max_length=48, db_index=True)
    layout = models.CharField(max_length=8, choices=ReceiptLayout.choices)
    is_copy = models.BooleanField()
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    printed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("printed_at", "pk")

    def __str__(self):
        return f"{self.number} ({'copy' if self.is_copy else 'original'})"


class PaymentCallbackLog(models.Model):
    """Every callback that reached the gateway endpoint, accepted or not (forgeries are evidence)."""

    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    payment = models.ForeignKey(
        Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="callbacks"
    )
    event_id = models.CharField(max_length=64, blank=True)
    signature_valid = models.BooleanField(default=False)
    outcome = models.CharField(max_length=20, choices=CallbackOutcome.choices)
    http_status = models.PositiveSmallIntegerField()
    detail = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    remote_addr = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ("-received_at", "-pk")
        verbose_name = _("gateway callback")
        verbose_name_plural = _("gateway callbacks")
        constraints = [
            # A gateway event is applied once; a concurrent replay fails here and is a duplicate.
            models.UniqueConstraint(
                fields=["event_id"], condition=Q(outcome=CallbackOutcome.ACCEPTED), name="callback_event_once"
            )
        ]

    def __str__(self):
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.outcome}"


class ServiceRefundRule(models.Model):
    """Whether a service's government fee comes back when the institution rejects the case. Without a
    row the default holds: refunded only if the case never reached the institution."""

    service = models.OneToOneField("catalogue.Service", on_delete=models.CASCADE, related_name="refund_rule")
    refund_government_fee_on_rejection = models.BooleanField(
        _("refund the government fee when the institution rejects"), default=False
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("service refund rule")
        verbose_name_plural = _("service refund rules")

    def __str__(self):
        return str(self.service_id)


class CentreRefundPolicy(models.Model):
    """The centre's policy for its own fee (and the VAT on it). Without a row: refunded if the case
    is cancelled before work starts, kept afterwards."""

    centre = models.OneToOneField("centres.Centre", on_delete=models.CASCADE, related_name="refund_policy")
    refund_before_work = models.BooleanField(_("refund the centre fee if work had not started"), default=True)
    refund_after_work = models.BooleanField(_("refund the centre fee after work started"), default=False)

    class Meta:
        verbose_name = _("centre refund policy")
        verbose_name_plural = _("centre refund policies")

    def __str__(self):
        return str(self.centre_id)


class CentreBillingProfile(models.Model):
    """What a centre's receipts need beyond the centre itself: its VAT registration number."""

    centre = models.OneToOneField("centres.Centre", on_delete=models.CASCADE, related_name="billing_profile")
    vat_number = models.CharField(_("VAT registration number"), max_length=20, blank=True)
    commercial_registration = models.CharField(_("commercial registration number"), max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("billing profile")
        verbose_name_plural = _("billing profiles")

    def __str__(self):
        return self.vat_number or str(self.centre_id)


class DailyClose(models.Model):
    """A clerk's cash drawer closed for one day (Asia/Muscat): expected, counted, difference."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="daily_closes")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="daily_closes")
    day = models.DateField(_("day"))
    cash_received = models.PositiveIntegerField(_("cash received (baisa)"))
    cash_refunded = models.PositiveIntegerField(_("cash handed back (baisa)"))
    expected_cash = models.IntegerField(_("expected cash (baisa)"))
    counted_cash = models.PositiveIntegerField(_("counted cash (baisa)"))
    difference = models.IntegerField(_("difference (baisa)"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    class Meta:
        ordering = ("-day", "clerk_id")
        verbose_name = _("daily close")
        verbose_name_plural = _("daily closes")
        constraints = [
            models.UniqueConstraint(fields=["clerk", "day"], name="daily_close_once"),
            models.CheckConstraint(
                condition=Q(difference=F("counted_cash") - F("expected_cash")), name="daily_close_difference"
            ),
        ]

    def __str__(self):
        return f"{self.clerk_id} {self.day}"


class Remittance(models.Model):
    """Government fees a centre paid over to an institution for a month."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="remittances")
    institution = models.ForeignKey(
        "catalogue.Institution", on_delete=models.PROTECT, related_name="remittances"
    )
    period = models.DateField(_("month"), help_text="the first day of the month")
    amount = models.PositiveIntegerField(_("amount (baisa)"))
    remitted_on = models.DateField(_("remitted on"))
    reference = models.CharField(_("transfer reference"), max_length=60)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-period", "-remitted_on", "-pk")
        verbose_name = _("remittance")
        verbose_name_plural = _("remittances")
        constraints = [
            models.UniqueConstraint(fields=["centre", "reference"], name="remittance_reference_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="remittance_positive"),
        ]

    def __str__(self):
        return f"{self.centre_id} → {self.institution_id} {self.period:%Y-%m}: {self.amount}"
