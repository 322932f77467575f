"""A list's rows as a spreadsheet: CSV streamed, XLSX written row by row.

Both read the list's queryset once, in chunks (`iterator`), so memory stays flat and the
number of queries does not grow with the rows; the columns are the list's own
(`dcis.tables`), with their headers in the user's language.
"""

import csv
import datetime
import decimal
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy
from django_tables2.rows import BoundRow
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models import ExportRecord

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK_SIZE = 2000
IDENTIFIER_HEADER = gettext_lazy("identifier")  # the column `dcis.imports` matches records by


def table_rows(table, queryset, names):
    """The typed values of each record, for the named columns of `table`, then its identifier:
    an edited export imported again updates the records it came from (`dcis.imports`)."""
    for record in queryset.iterator(chunk_size=CHUNK_SIZE):
        row = BoundRow(record, table=table)
        key = record.pk if isinstance(record.pk, int) else str(record.pk)  # a country's is its code
        yield [*(row.get_cell_value(name) for name in names), key]


def headers(table, names):
    return [*(str(table.columns[name].header) for name in names), str(IDENTIFIER_HEADER)]


def csv_cell(value):
    """A value as a French spreadsheet reads it: 26/12/2026, 11500,50."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
            if timezone.is_aware(value)
            else f"{value:%d/%m/%Y %H:%M}"
        )
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, decimal.Decimal | float):
        return str(value).replace(".", ",")
    return str(value)


class _Line:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, value):
        return value


def csv_response(table, queryset, names, filename):
    writer = csv.writer(_Line(), delimiter=";")

    def lines():
        # The byte order mark tells a French Excel the file is UTF-8.
        yield "\ufeff" + writer.writerow(headers(table, names))
        for values in table_rows(table, queryset, names):
            yield writer.writerow([csv_cell(value) for value in values])

    response = StreamingHttpResponse(lines(), content_type=FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(table, queryset, names, filename, title):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    formats = [*(getattr(table.columns[name].column, "number_format", None) for name in names), None]
    bold = Font(bold=True)

    def cell(value, number_format=None, font=None):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        written = WriteOnlyCell(sheet, value=value)
        if number_format and value is not None:
            written.number_format = number_format
        if font:
            written.font = font
        return written

    sheet.append([cell(header, font=bold) for header in headers(table, names)])
    count = 0
    for values in table_rows(table, queryset, names):
        sheet.append([cell(value, number_format) for value, number_format in zip(values, formats, strict=True)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(names) + 1)}{count + 1}"
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=FORMATS["xlsx"])


def export_response(request, table, export_format, list_name, title, filter_values=()):
    """The table's rows, all of them, as a file named for what and when
    (`actions-2025-asie-2026-11-23.xlsx`); the export is recorded for audit."""
    query = request.GET.copy()
    query.pop("export", None)
    ExportRecord.objects.create(
        user=request.user, list_name=list_name, format=export_format, filters=query.urlencode(), path=request.path
    )
    names = [name for name, column in table.columns.items() if not column.column.exclude_from_export]
    parts = [title, *filter_values, timezone.localdate().isoformat()]
    filename = slugify("-".join(str(part) for part in parts))[:150] or "export"
    rows = table.data.data
    if export_format == "csv":
        return csv_response(table, rows, names, filename)
    return xlsx_response(table, rows, names, filename, title=str(title))
