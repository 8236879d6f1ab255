"""CSV and XLSX exports that stream: rows are written as they are read, so a selection of millions
of rows never sits in memory (CSV: one line at a time; XLSX: openpyxl's write-only workbook spooled
to a temporary file, then sent in chunks)."""

import csv
import tempfile
from collections.abc import Iterable

from django.http import FileResponse, StreamingHttpResponse
from rest_framework.renderers import JSONRenderer

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


class CSVRenderer(JSONRenderer):
    """Lets `?format=csv` through DRF's negotiation; the view answers with a stream itself. Errors
    (problem+json) are rendered as JSON."""

    format = "csv"
    media_type = "text/csv"


class XLSXRenderer(JSONRenderer):
    format = "xlsx"
    media_type = XLSX_TYPE


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def stream_csv(columns: Iterable[str], rows: Iterable, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so spreadsheet programs read the Arabic as UTF-8
        yield writer.writerow(list(columns))
        for row in rows:
            yield writer.writerow([_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def stream_xlsx(
    columns: Iterable[str], rows: Iterable, filename: str, *, title: str = "data"
) -> FileResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append([_cell(v) for v in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    book.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)


def export(fmt: str, columns, rows, filename: str, *, title: str = "data"):
    if fmt == "xlsx":
        return stream_xlsx(columns, rows, filename, title=title)
    return stream_csv(columns, rows, filename)


def table_rows(rows: list[dict], columns: list[str]):
    return ([row.get(c) for c in columns] for row in rows)
