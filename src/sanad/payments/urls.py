"""Web pages of payments (included at the site root by sanad/urls.py)."""

from django.urls import path

from .views import case, cash, receipts, settlement

app_name = "payments"
urlpatterns = [
    path("payments/cases/<str:reference>/", case.case_payments, name="case"),
    path("payments/cases/<str:reference>/take/", case.take, name="take"),
    path("payments/cases/<str:reference>/online/", case.pay_online, name="pay-online"),
    path("payments/cases/<str:reference>/online/return/", case.online_return, name="online-return"),
    path("payments/cases/<str:reference>/online/status/", case.online_status, name="online-status"),
    path("payments/<int:payment_id>/refund/", case.refund, name="refund"),
    path("payments/refunds/<int:refund_id>/hand-back/", case.hand_back, name="hand-back"),
    path("receipts/<str:number>.pdf", receipts.receipt_pdf, name="receipt-pdf"),
    path("receipts/<str:number>/print/", receipts.receipt_print, name="receipt-print"),
    path("credit-notes/<str:number>.pdf", receipts.credit_note_pdf, name="credit-note-pdf"),
    path("verify/<str:number>/<str:token>/", receipts.verify, name="verify"),
    path("centre/cash/", cash.drawer_page, name="cash"),
    path("centre/cash/close/", cash.close, name="cash-close"),
    path("centre/settlement/", settlement.centre_page, name="settlement"),
    path(
        "centre/settlement/statement/<str:institution>/<str:period>.<str:fmt>",
        settlement.statement_download,
        name="statement",
    ),
    path("centre/settlement/remittances/", settlement.remittance_add, name="remittance-add"),
    path("centre/settlement/billing/", settlement.billing_save, name="billing-save"),
    path("centre/settlement/refund-policy/", settlement.refund_policy_save, name="refund-policy-save"),
    path("regulator/settlement/", settlement.regulator_page, name="regulator-settlement"),
]
