"""The settlement statement of one centre, one institution and one month, as CSV, XLSX and PDF."""

import csv
import io

from django.utils import timezone

from . import selectors
from .constants import StatementFormat

CONTENT_TYPES = {
    StatementFormat.CSV: "text/csv; charset=utf-8",
    StatementFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    StatementFormat.PDF: "application/pdf",
}


def statement(*, centre, institution, period) -> dict:
    rows = [
        r for r in selectors.ledger(period=period, centre=centre) if r["institution"].pk == institution.pk
    ]
    summary = (
        rows[0]
        if rows
        else {"payments": 0, "collected": 0, "refunded": 0, "owed": 0, "remitted": 0, "balance": 0}
    )
    return {
        "centre": centre,
        "institution": institution,
        "period": period,
        "summary": summary,
        "lines": selectors.ledger_lines(centre=centre, institution=institution, period=period),
        "remittances": list(
            selectors.remittances_of(centre=centre, period=period).filter(institution=institution)
        ),
        "generated_at": timezone.now(),
    }


def filename(data: dict, fmt: str) -> str:
    licence = getattr(data["centre"], "licence", None)
    who = licence.number if licence is not None and licence.number else f"centre-{data['centre'].pk}"
    return f"statement-{who}-{data['institution'].code}-{data['period']:%Y-%m}.{fmt}"


def _omr(baisa: int) -> str:
    sign = "-" if baisa < 0 else ""
    rials, rest = divmod(abs(baisa), 1000)
    return f"{sign}{rials}.{rest:03d}"


def _rows(data: dict) -> list[list]:
    s = data["summary"]
    rows = [
        ["centre", data["centre"].name_en or data["centre"].name_ar],
        ["institution", data["institution"].code, data["institution"].name_en],
        ["period", f"{data['period']:%Y-%m}"],
        [],
        ["date", "entry", "document", "case", "amount_baisa", "amount_omr"],
    ]
    for line in data["lines"]:
        rows.append(
            [
                timezone.localtime(line["at"]).strftime("%Y-%m-%d %H:%M"),
                line["kind"],
                line["document"],
                line["case"],
                line["amount"],
                _omr(line["amount"]),
            ]
        )
    rows.append([])
    for r in data["remittances"]:
        rows.append([r.remitted_on.isoformat(), "remittance", r.reference, "", -r.amount, _omr(-r.amount)])
    rows.append([])
    for key in ("collected", "refunded", "owed", "remitted", "balance"):
        rows.append([key, "", "", "", s[key], _omr(s[key])])
    return rows


def as_csv(data: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _rows(data):
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: spreadsheets open it as UTF-8


def as_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"{data['period']:%Y-%m}"
    sheet.sheet_view.rightToLeft = False
    for row in _rows(data):
        sheet.append(row)
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (18, 12, 28, 22, 14, 14), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_pdf(data: dict) -> bytes:
    from .pdf import statement_pdf

    return statement_pdf(data)


def render(data: dict, fmt: str) -> bytes:
    return {StatementFormat.CSV: as_csv, StatementFormat.XLSX: as_xlsx, StatementFormat.PDF: as_pdf}[fmt](
        data
    )
