"""Printing receipts and credit notes: every print is logged, and every print after the first is a
copy (the paper says so)."""

from django.db import transaction

from ..constants import DocumentSeries, ReceiptLayout
from ..models import CreditNote, PrintLog, Receipt


def document_print(*, document, layout: str, actor) -> bool:
    """Log a print of a receipt or credit note; returns True when it is a copy (not the first)."""
    if layout not in ReceiptLayout.values:
        layout = ReceiptLayout.A4
    series = DocumentSeries.RECEIPT if isinstance(document, Receipt) else DocumentSeries.CREDIT_NOTE
    model = Receipt if series == DocumentSeries.RECEIPT else CreditNote
    with transaction.atomic():
        model.objects.select_for_update().filter(
            pk=document.pk
        ).first()  # one first print, even if two click at once
        is_copy = PrintLog.objects.filter(series=series, number=document.number).exists()
        PrintLog.objects.create(
            series=series,
            number=document.number,
            layout=layout,
            is_copy=is_copy,
            printed_by=actor if actor is not None and actor.is_authenticated else None,
        )
    return is_copy
