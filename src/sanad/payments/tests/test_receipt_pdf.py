import re
import shutil
import subprocess

import pytest

from sanad.payments.models import PrintLog
from sanad.payments.pdf import receipt_pdf

from .factories import pay_cash

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _page_size_mm(path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    return float(width) * 25.4 / 72, float(height) * 25.4 / 72


@pytest.mark.parametrize("layout", ["a4", "thermal"])
def test_the_receipt_pdf_carries_the_arabic_text_the_number_and_the_reference(case, clerk, layout, tmp_path):
    from sanad.centres.models import Centre

    Centre.objects.filter(pk=case.centre_id).update(
        address_en="Building 112, Al Khuwair Street, Bawshar, Muscat"
    )
    payment = pay_cash(case, clerk)
    pdf = receipt_pdf(payment.receipt, layout=layout)
    assert pdf.startswith(b"%PDF")
    (tmp_path / f"out-{layout}.pdf").write_bytes(pdf)
    text = _text(pdf, tmp_path)
    assert payment.receipt.number in text
    assert case.reference in text
    assert "إيصال دفع" in text
    assert "Payment receipt" in text
    assert "Issued electronically through Sanad" in text.replace("\n", " ")
    assert text.count("\f") == 1, "the receipt fits on one page"
    if layout == "thermal":  # a slip as long as its content, 80 mm wide
        width, height = _page_size_mm(tmp_path / f"out-{layout}.pdf")
        assert round(width) == 80 and 120 < height < 400


def test_a_reprint_is_marked_as_a_copy(case, clerk, client, tmp_path):
    payment = pay_cash(case, clerk)
    client.force_login(clerk)
    number = payment.receipt.number
    first = client.get(f"/receipts/{number}.pdf")
    second = client.get(f"/receipts/{number}.pdf?layout=thermal")
    assert first["Content-Type"] == second["Content-Type"] == "application/pdf"
    assert "نسخة" not in _text(first.content, tmp_path)
    copy_text = _text(second.content, tmp_path)
    assert "نسخة" in copy_text and "COPY" in copy_text
    assert [p.is_copy for p in PrintLog.objects.order_by("pk")] == [False, True]


def test_a_credit_note_pdf_names_the_original_receipt(case, clerk, client, tmp_path):
    from sanad.cases.services import case_transition

    payment = pay_cash(case, clerk)
    case_transition(case_id=case.pk, action="cancel", actor=clerk, note="ألغى المواطن")
    note = payment.refunds.get().credit_note
    client.force_login(clerk)
    text = _text(client.get(f"/credit-notes/{note.number}.pdf").content, tmp_path)
    assert "إشعار دائن" in text and note.number in text and payment.receipt.number in text


def test_the_statement_pdf_is_arabic_too(case, clerk, tmp_path):
    from django.utils import timezone

    from sanad.payments import statements

    pay_cash(case, clerk)
    data = statements.statement(
        centre=case.centre, institution=case.service.institution, period=timezone.localdate().replace(day=1)
    )
    text = _text(statements.as_pdf(data), tmp_path)
    assert "كشف الرسوم الحكومية" in text and case.reference in text and "20.000" in text
