from django.contrib import admin

from .models import (
    CentreBillingProfile,
    CentreRefundPolicy,
    CreditNote,
    DailyClose,
    Payment,
    PaymentCallbackLog,
    Receipt,
    Refund,
    Remittance,
    ServiceRefundRule,
)


class ReadOnly(admin.ModelAdmin):
    """Money records change only through the services (and their history)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ("pk", "case", "method", "state", "total", "paid_at", "centre")
    list_filter = ("method", "state")
    search_fields = ("case__reference", "gateway_reference", "receipt__number")


@admin.register(Refund)
class RefundAdmin(ReadOnly):
    list_display = ("pk", "case", "method", "reason", "total", "state", "created_at")
    list_filter = ("reason", "state", "method")


@admin.register(Receipt)
class ReceiptAdmin(ReadOnly):
    list_display = ("number", "centre", "issued_at")
    search_fields = ("number",)


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnly):
    list_display = ("number", "centre", "issued_at")
    search_fields = ("number",)


@admin.register(PaymentCallbackLog)
class PaymentCallbackLogAdmin(ReadOnly):
    list_display = ("received_at", "outcome", "http_status", "payment", "event_id")
    list_filter = ("outcome",)


@admin.register(DailyClose)
class DailyCloseAdmin(ReadOnly):
    list_display = ("day", "clerk", "centre", "expected_cash", "counted_cash", "difference")


@admin.register(Remittance)
class RemittanceAdmin(ReadOnly):
    list_display = ("period", "centre", "institution", "amount", "remitted_on", "reference")


@admin.register(ServiceRefundRule)
class ServiceRefundRuleAdmin(admin.ModelAdmin):
    list_display = ("service", "refund_government_fee_on_rejection")


@admin.register(CentreRefundPolicy)
class CentreRefundPolicyAdmin(admin.ModelAdmin):
    list_display = ("centre", "refund_before_work", "refund_after_work")


@admin.register(CentreBillingProfile)
class CentreBillingProfileAdmin(admin.ModelAdmin):
    list_display = ("centre", "vat_number", "commercial_registration")
