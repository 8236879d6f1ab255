"""PDFs with WeasyPrint: receipts and credit notes (A4 and 80 mm thermal) and settlement statements.
Arabic is set in the vendored Amiri font, loaded by file path (never from the network), so the text
is shaped and runs right to left."""

import base64
import io
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import numbering, selectors
from .constants import ReceiptLayout


@lru_cache(maxsize=1)
def font_urls() -> dict:
    def url(name: str) -> str:
        found = finders.find(f"vendor/fonts/amiri/{name}")
        path = Path(found) if found else settings.PACKAGE_DIR / "static/vendor/fonts/amiri" / name
        return path.resolve().as_uri()

    return {"regular": url("Amiri-Regular.ttf"), "bold": url("Amiri-Bold.ttf")}


def verify_url(number: str, request=None) -> str:
    path = reverse("payments:verify", args=[number, numbering.verification_token(number)])
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SANAD_PUBLIC_URL.rstrip("/") + path


def qr_data_uri(text: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


THERMAL_WIDTH_MM = 80
THERMAL_BOTTOM_MM = 6  # paper fed past the last line before the cut
_PX_TO_MM = 25.4 / 96


def render_pdf(template: str, context: dict) -> bytes:
    """A4 documents render once. An 80 mm thermal slip is a roll, not a page: it is laid out on a
    very long page, which is then cut to the length of its content."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    def document(page_height_mm: int | float):
        with translation.override("ar"):
            html = render_to_string(
                template,
                {**context, "fonts": font_urls(), "L": LABELS, "page_height_mm": f"{page_height_mm:.1f}"},
            )
        fonts = FontConfiguration()
        return HTML(string=html, base_url=str(settings.PACKAGE_DIR)).render(font_config=fonts)

    if not context.get("thermal"):
        return document(297).write_pdf()
    draft = document(2000)
    page = draft.pages[0]
    try:
        root = page._page_box.children[0]  # the <html> box (WeasyPrint 70 internals; the version is pinned)
        used_px = root.position_y + root.margin_height()
    except (AttributeError, IndexError):
        return document(297).write_pdf()  # a WeasyPrint without these internals: a fixed-length slip
    page.height = used_px + THERMAL_BOTTOM_MM / _PX_TO_MM
    return draft.write_pdf()


def _centre_context(centre) -> dict:
    return {
        "centre": centre,
        "licence": getattr(centre, "licence", None),
        "billing": selectors.billing_profile_for(centre),
    }


def _fact(label, value, *, value_en="", inline_en=False, ltr=False, bold=False) -> dict:
    """One line of facts; value_en is shown under the Arabic value (on A4), or after it on the same line
    on both layouts (inline_en)."""
    return {
        "label": label,
        "value": value,
        "value_en": value_en,
        "inline_en": inline_en,
        "ltr": ltr,
        "bold": bold,
    }


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _method(payment) -> dict:
    """How it was paid, in Arabic and in English (نقدًا · Cash)."""
    with translation.override("ar"):
        arabic = str(payment.get_method_display())
    with translation.override("en"):
        english = str(payment.get_method_display())
    return _fact(LABELS["method"], arabic, value_en=english, inline_en=True)


def _money_rows(amounts: dict, total_label) -> list[dict]:
    return [
        {"label": LABELS["government_fee"], "value": amounts["government_fee"]},
        {"label": LABELS["centre_fee"], "value": amounts["centre_fee"]},
        {"label": LABELS["vat"], "value": amounts["vat"]},
        {"label": total_label, "value": amounts["total"], "total": True},
    ]


def _person(user) -> str:
    return (user.full_name_ar or user.full_name_en or user.username) if user is not None else ""


def receipt_pdf(receipt, *, layout: str = ReceiptLayout.A4, copy: bool = False, request=None) -> bytes:
    return render_pdf(
        "payments/pdf/receipt.html", receipt_context(receipt, layout=layout, copy=copy, request=request)
    )


def receipt_context(receipt, *, layout: str = ReceiptLayout.A4, copy: bool = False, request=None) -> dict:
    """What a receipt shows, for its PDF and for its print page (the 80 mm slip printed from the
    browser)."""
    payment = receipt.payment
    case = payment.case
    url = verify_url(receipt.number, request)
    version = case.service_version
    facts = [
        _fact(LABELS["number"], receipt.number, ltr=True, bold=True),
        _fact(LABELS["date"], _when(receipt.issued_at), ltr=True),
        _fact(LABELS["case"], case.reference, ltr=True),
        _fact(LABELS["service"], version.name_ar, value_en=version.name_en),
        _fact(LABELS["citizen"], _person(case.citizen)),
        _method(payment),
    ]
    if payment.approval_reference:
        facts.append(_fact(LABELS["approval"], payment.approval_reference, ltr=True))
    if payment.received_by_id:
        facts.append(_fact(LABELS["received_by"], _person(payment.received_by)))
    return {
        **_centre_context(receipt.centre),
        "kind": "receipt",
        "document": receipt,
        "facts": facts,
        "money": _money_rows(payment.breakdown, LABELS["total"]),
        "thermal": layout == ReceiptLayout.THERMAL,
        "copy": copy,
        "verify_url": url,
        "qr": qr_data_uri(url),
    }


def credit_note_pdf(note, *, layout: str = ReceiptLayout.A4, copy: bool = False, request=None) -> bytes:
    refund = note.refund
    case = refund.case
    url = verify_url(note.number, request)
    original = getattr(refund.payment, "receipt", None)
    with translation.override("ar"):
        reason = str(refund.get_reason_display())
    facts = [_fact(LABELS["credit_number"], note.number, ltr=True, bold=True)]
    if original is not None:
        facts.append(_fact(LABELS["original_receipt"], original.number, ltr=True))
    facts += [
        _fact(LABELS["date"], _when(note.issued_at), ltr=True),
        _fact(LABELS["case"], case.reference, ltr=True),
        _fact(LABELS["service"], case.service_version.name_ar, value_en=case.service_version.name_en),
        _fact(LABELS["citizen"], _person(case.citizen)),
        _method(refund.payment),
        _fact(LABELS["reason"], reason + (f" — {refund.note}" if refund.note else "")),
    ]
    amounts = {
        "government_fee": refund.government_fee,
        "centre_fee": refund.centre_fee,
        "vat": refund.vat,
        "total": refund.total,
    }
    return render_pdf(
        "payments/pdf/receipt.html",
        {
            **_centre_context(note.centre),
            "kind": "credit_note",
            "document": note,
            "facts": facts,
            "money": _money_rows(amounts, LABELS["total_refunded"]),
            "thermal": layout == ReceiptLayout.THERMAL,
            "copy": copy,
            "verify_url": url,
            "qr": qr_data_uri(url),
        },
    )


def statement_pdf(statement: dict) -> bytes:
    return render_pdf("payments/pdf/statement.html", {**_centre_context(statement["centre"]), **statement})


# Labels printed in both languages on the paper (the template shows each with |ar and |en).
LABELS = {
    "receipt": _("Payment receipt"),
    "credit_note": _("Credit note"),
    "copy": pgettext_lazy("a reprinted receipt", "Copy"),
    "number": _("Receipt number"),
    "credit_number": _("Credit note number"),
    "date": _("Date"),
    "case": _("Transaction reference"),
    "service": _("Service"),
    "method": _("Payment method"),
    "approval": _("Approval reference"),
    "received_by": _("Received by"),
    "citizen": _("Paid by"),
    "government_fee": _("Government fee"),
    "centre_fee": _("Centre fee"),
    "vat": _("VAT 5% on the centre fee"),
    "total": _("Total"),
    "total_refunded": _("Total refunded"),
    "currency": _("OMR"),
    "licence": _("Licence"),
    "vat_number": _("VAT number"),
    "cr": _("Commercial registration"),
    "phone": _("Phone"),
    "verify": _("Scan to check that this receipt is genuine"),
    "original_receipt": _("Original receipt"),
    "reason": _("Reason"),
    "issued_by_sanad": _("Issued electronically through Sanad. Keep it until your transaction is complete."),
    "statement": _("Statement of government fees"),
    "institution": _("Institution"),
    "period": _("Month"),
    "kind": _("Entry"),
    "document": _("Document"),
    "amount": _("Amount"),
    "collected": _("Government fees collected"),
    "refunded": _("Government fees refunded"),
    "owed": _("Owed to the institution"),
    "remitted": _("Remitted"),
    "balance": _("Still to remit"),
    "remittances": _("Remittances"),
    "reference": _("Reference"),
    "payment": _("Payment"),
    "refund": _("Refund"),
    "generated": _("Generated"),
}
