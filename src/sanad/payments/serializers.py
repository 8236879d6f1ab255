"""API shapes of the payments area. Integer fields are declared explicitly (the schema must not depend
on the database)."""

from rest_framework import serializers

from .constants import PaymentMethod, StatementFormat


class AmountsSerializer(serializers.Serializer):
    government_fee = serializers.IntegerField(help_text="baisa")
    centre_fee = serializers.IntegerField(help_text="baisa")
    vat = serializers.IntegerField(help_text="baisa (5% of the centre fee)")
    total = serializers.IntegerField(help_text="baisa")


class CreditNoteRefSerializer(serializers.Serializer):
    number = serializers.CharField()
    issued_at = serializers.DateTimeField()


class RefundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    payment = serializers.IntegerField(source="payment_id")
    method = serializers.CharField()
    reason = serializers.CharField()
    reason_label = serializers.CharField(source="get_reason_display")
    note = serializers.CharField()
    state = serializers.CharField()
    government_fee = serializers.IntegerField()
    centre_fee = serializers.IntegerField()
    vat = serializers.IntegerField()
    total = serializers.IntegerField()
    credit_note = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    paid_out_at = serializers.DateTimeField(allow_null=True)

    def get_credit_note(self, refund) -> str | None:
        note = getattr(refund, "credit_note", None)
        return note.number if note else None


class PaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.CharField(source="case.reference")
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    method_label = serializers.CharField(source="get_method_display")
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    government_fee = serializers.IntegerField()
    centre_fee = serializers.IntegerField()
    vat = serializers.IntegerField()
    total = serializers.IntegerField()
    currency = serializers.CharField()
    approval_reference = serializers.CharField()
    gateway_reference = serializers.CharField()
    confirmed_by = serializers.CharField()
    receipt = serializers.SerializerMethodField()
    redirect_url = serializers.SerializerMethodField(help_text="online: send the payer's browser here")
    refunded = serializers.SerializerMethodField(help_text="baisa given back on this payment")
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)

    def get_receipt(self, payment) -> str | None:
        receipt = getattr(payment, "receipt", None)
        return receipt.number if receipt else None

    def get_redirect_url(self, payment) -> str | None:
        if payment.method != PaymentMethod.ONLINE or payment.state != "pending" or not payment.gateway_url:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(payment.gateway_url) if request else payment.gateway_url

    def get_refunded(self, payment) -> int:
        return sum(r.total for r in payment.refunds.all())


class PaymentCreateSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    amount = serializers.IntegerField(help_text="baisa: exactly what is still due on the case")
    approval_reference = serializers.CharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="card_terminal: the terminal's approval code",
    )


class RefundCreateSerializer(serializers.Serializer):
    government_fee = serializers.IntegerField(required=False, default=0, help_text="baisa")
    centre_fee = serializers.IntegerField(required=False, default=0, help_text="baisa")
    vat = serializers.IntegerField(required=False, default=0, help_text="baisa")
    note = serializers.CharField(max_length=300)


class ReceiptSerializer(serializers.Serializer):
    number = serializers.CharField()
    issued_at = serializers.DateTimeField()
    case = serializers.CharField(source="payment.case.reference")
    payment = serializers.IntegerField(source="payment_id")
    method = serializers.CharField(source="payment.method")
    amounts = AmountsSerializer(source="payment.breakdown")
    verify_url = serializers.SerializerMethodField()

    def get_verify_url(self, receipt) -> str:
        from .pdf import verify_url

        return verify_url(receipt.number, self.context.get("request"))


class CreditNoteSerializer(serializers.Serializer):
    number = serializers.CharField()
    issued_at = serializers.DateTimeField()
    case = serializers.CharField(source="refund.case.reference")
    refund = serializers.IntegerField(source="refund_id")
    amounts = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()

    def get_amounts(self, note) -> AmountsSerializer:
        refund = note.refund
        return {
            "government_fee": refund.government_fee,
            "centre_fee": refund.centre_fee,
            "vat": refund.vat,
            "total": refund.total,
        }

    def get_verify_url(self, note) -> str:
        from .pdf import verify_url

        return verify_url(note.number, self.context.get("request"))


class CallbackAcceptedSerializer(serializers.Serializer):
    status = serializers.CharField()
    payment = serializers.IntegerField()
    state = serializers.CharField()


class DrawerSerializer(serializers.Serializer):
    centre = serializers.IntegerField(help_text="the centre whose drawer this is")
    day = serializers.DateField()
    cash_received = serializers.IntegerField()
    payments_count = serializers.IntegerField()
    cash_refunded = serializers.IntegerField()
    refunds_count = serializers.IntegerField()
    expected_cash = serializers.IntegerField()
    closed = serializers.SerializerMethodField()

    def get_closed(self, drawer) -> bool:
        return drawer["close"] is not None


class DailyCloseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    clerk = serializers.CharField(source="clerk.username")
    day = serializers.DateField()
    cash_received = serializers.IntegerField()
    cash_refunded = serializers.IntegerField()
    expected_cash = serializers.IntegerField()
    counted_cash = serializers.IntegerField()
    difference = serializers.IntegerField()
    note = serializers.CharField()
    closed_at = serializers.DateTimeField()


class DailyCloseCreateSerializer(serializers.Serializer):
    counted_cash = serializers.IntegerField(help_text="baisa counted in the drawer (zero or more)")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    day = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="default: today (Asia/Muscat)"
    )


class TotalsCellSerializer(serializers.Serializer):
    method = serializers.CharField()
    count = serializers.IntegerField()
    total = serializers.IntegerField()


class DailyTotalsRowSerializer(serializers.Serializer):
    staff = serializers.CharField(allow_null=True, help_text="null: paid online (no clerk)")
    methods = TotalsCellSerializer(many=True)
    total = serializers.IntegerField()
    refunded = serializers.IntegerField()
    closed = serializers.BooleanField()
    difference = serializers.IntegerField(allow_null=True)


class DailyTotalsSerializer(serializers.Serializer):
    day = serializers.DateField()
    rows = DailyTotalsRowSerializer(many=True)
    grand_total = serializers.IntegerField()


class LedgerRowSerializer(serializers.Serializer):
    institution = serializers.CharField(source="institution.code")
    institution_name_ar = serializers.CharField(source="institution.name_ar")
    institution_name_en = serializers.CharField(source="institution.name_en")
    payments = serializers.IntegerField()
    collected = serializers.IntegerField(help_text="government fees collected (baisa)")
    refunded = serializers.IntegerField(help_text="government fees given back (baisa)")
    owed = serializers.IntegerField()
    remitted = serializers.IntegerField()
    balance = serializers.IntegerField(help_text="still to remit (baisa)")


class LedgerSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="YYYY-MM")
    centre = serializers.IntegerField(allow_null=True)
    rows = LedgerRowSerializer(many=True)
    totals = serializers.DictField(child=serializers.IntegerField())


class RemittanceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    institution = serializers.CharField(max_length=12, help_text="institution code")
    period = serializers.CharField(max_length=7, help_text="YYYY-MM")
    amount = serializers.IntegerField(help_text="baisa")
    remitted_on = serializers.DateField()
    reference = serializers.CharField(max_length=60)
    created_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, remittance):
        return {
            "id": remittance.pk,
            "institution": remittance.institution.code,
            "period": f"{remittance.period:%Y-%m}",
            "amount": remittance.amount,
            "remitted_on": remittance.remitted_on.isoformat(),
            "reference": remittance.reference,
            "created_at": serializers.DateTimeField().to_representation(remittance.created_at),
        }


class StatementQuerySerializer(serializers.Serializer):
    institution = serializers.CharField(max_length=12)
    period = serializers.CharField(max_length=7)
    file_format = serializers.ChoiceField(choices=StatementFormat.choices, default=StatementFormat.CSV)
