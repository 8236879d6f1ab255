"""Receipts and credit notes as PDF (A4 or 80 mm), and the public verification page behind the QR code."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sanad.core.errors import NotFound

from .. import pdf, selectors, services
from ..constants import ReceiptLayout
from ..models import Receipt
from .common import visible


def pdf_response(content: bytes, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _layout(request) -> str:
    layout = request.GET.get("layout", ReceiptLayout.A4)
    return layout if layout in ReceiptLayout.values else ReceiptLayout.A4


@login_required
def receipt_pdf(request, number):
    receipt = visible(selectors.receipt_for, request.user, number)
    layout = _layout(request)
    copy = services.document_print(document=receipt, layout=layout, actor=request.user)
    content = pdf.receipt_pdf(receipt, layout=layout, copy=copy, request=request)
    return pdf_response(
        content, f"receipt-{receipt.number}-{layout}.pdf", download=request.GET.get("download") == "1"
    )


@login_required
def receipt_print(request, number):
    """The 80 mm slip as a page that prints itself on load (the browser's print dialog opens at once,
    set for a roll printer); logged as a print like the PDF, so a second print says "Copy"."""
    from sanad.cases.selectors import is_staff_of

    receipt = visible(selectors.receipt_for, request.user, number)
    copy = services.document_print(document=receipt, layout=ReceiptLayout.THERMAL, actor=request.user)
    context = pdf.receipt_context(receipt, layout=ReceiptLayout.THERMAL, copy=copy, request=request)
    case = receipt.payment.case
    if is_staff_of(request.user, case.centre):
        back_url = reverse("cases:centre-case", args=[case.reference])
    elif request.user.pk == case.citizen_id:
        back_url = reverse("cases:my-case", args=[case.reference])
    else:
        back_url = ""
    ui = {
        "ui_language": translation.get_language(),
        "ui_direction": "rtl" if translation.get_language_bidi() else "ltr",
        "print_label": _("Print again"),
        "back_label": _("Back to the transaction"),
        "back_url": back_url,
    }
    with translation.override("ar"):  # the slip itself is bilingual, Arabic first, like the PDF
        html = render_to_string(
            "payments/receipt_print.html", {**context, **ui, "L": pdf.LABELS}, request=request
        )
    return HttpResponse(html)


@login_required
def credit_note_pdf(request, number):
    note = visible(selectors.credit_note_for, request.user, number)
    layout = _layout(request)
    copy = services.document_print(document=note, layout=layout, actor=request.user)
    content = pdf.credit_note_pdf(note, layout=layout, copy=copy, request=request)
    return pdf_response(
        content, f"credit-note-{note.number}-{layout}.pdf", download=request.GET.get("download") == "1"
    )


def verify(request, number, token):
    """Public. Genuine or not, and the amounts: nothing about the person. A wrong token and an
    unknown number get the same page."""
    try:
        document = selectors.document_verified(number, token)
    except NotFound:
        return render(request, "payments/verify.html", {"found": False, "number": number}, status=404)
    is_receipt = isinstance(document, Receipt)
    if is_receipt:
        amounts, payment = document.payment.breakdown, document.payment
    else:
        refund = document.refund
        amounts = {
            "government_fee": refund.government_fee,
            "centre_fee": refund.centre_fee,
            "vat": refund.vat,
            "total": refund.total,
        }
        payment = refund.payment
    return render(
        request,
        "payments/verify.html",
        {
            "found": True,
            "document": document,
            "is_receipt": is_receipt,
            "amounts": amounts,
            "payment_state": payment.get_state_display() if is_receipt else "",
            "refunded": is_receipt and payment.state in ("refunded", "partially_refunded"),
        },
    )
