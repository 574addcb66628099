"""Writing tables as XLSX, CSV and PDF, with the same figures in each.

A :class:`Table` holds typed cells: :class:`Money` (öre), ``int`` (a count), ``date``,
``datetime``, ``str`` or ``None``. Each writer formats them its own way:

- XLSX: real numbers (kronor) and dates in the cells, Swedish headers, one sheet per table.
  Amounts are numeric cells shown as "115 800 812 kr" (öre only where there are öre),
  dates as "2025-12-01" and moments as "2025-12-01 14:05" (docs/formats.md).
  The file is byte-for-byte reproducible: the workbook's dates are the data's stamp and
  every zip entry carries that time.
- CSV: for Swedish spreadsheets: semicolon-separated, decimal comma, UTF-8 with a
  byte-order mark. Amounts stay numbers a spreadsheet can add up: kronor without thousands
  separators or unit, two decimals only where there are öre. Dates and moments follow the
  table format of ``core.formats`` ("2025-12-01", "2025-12-01 14:05", Stockholm time).
- PDF: :class:`core.pdf.PdfDocument` (reproducible), amounts, dates and moments as
  ``core.formats`` writes them ("115 800 812 kr", "2025-12-01", "2025-12-01 14:05").
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from core import formats
from core.money import ORE_PER_KRONA
from core.pdf import PdfDocument

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
PDF_TYPE = "application/pdf"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")
# A negative amount written as text ("-75000", "-0,50") is a number, not a formula.
_NEGATIVE = re.compile(r"^-\d+(,\d+)?$")


@dataclass(frozen=True)
class Money:
    """An amount in öre, written as kronor."""

    ore: int

    @property
    def kronor(self) -> int | Decimal:
        whole, rest = divmod(self.ore, ORE_PER_KRONA)
        return whole if not rest else Decimal(self.ore) / ORE_PER_KRONA


def money(ore: int | None) -> Money | None:
    return None if ore is None else Money(ore)


@dataclass
class Table:
    title: str  # the sheet's name (at most 31 characters) and the PDF heading
    header: list[str]
    rows: list[list[Any]]
    footer: list[list[Any]] = field(default_factory=list)  # total rows, in bold
    key_columns: int = 1  # the first columns name a row (for the long CSV)
    note: str = ""
    folded: bool = False  # long text: the page shows it folded away
    row_header: int | None = None  # the column that names a row on the page (default: last key)

    @property
    def row_header_column(self) -> int:
        return self.key_columns - 1 if self.row_header is None else self.row_header

    @property
    def numeric_columns(self) -> set[int]:
        return {
            index
            for row in self.rows + self.footer
            for index, value in enumerate(row)
            if isinstance(value, Money | int) and not isinstance(value, bool)
        }


def _local(moment: dt.datetime) -> dt.datetime:
    """The moment in Stockholm time to the minute, as a spreadsheet cell (no zone)."""
    return formats.stockholm(moment).replace(second=0, microsecond=0, tzinfo=None)


# Numeric cells that read as the format rule's amounts: "115 800 812 kr", "1 234,50 kr".
XLSX_KRONOR = '#,##0 "kr"'
XLSX_KRONOR_ORE = '#,##0.00 "kr"'


# --- XLSX --------------------------------------------------------------------------------


def _xlsx_value(cell: Any, value: Any) -> None:
    if isinstance(value, Money):
        cell.value = value.kronor
        cell.number_format = XLSX_KRONOR if isinstance(value.kronor, int) else XLSX_KRONOR_ORE
    elif isinstance(value, dt.datetime):
        cell.value = _local(value)
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        # Text typed by users is text: never let "=…" become a formula.
        cell.data_type = "s"
        if "\n" in value or len(value) > 60:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    else:
        cell.value = value


def _width(value: Any) -> int:
    if isinstance(value, Money):
        return 16
    if isinstance(value, dt.datetime):
        return 17
    if isinstance(value, dt.date):
        return 11
    return min(len(str(value or "")), 60)


def to_xlsx(tables: list[Table], *, title: str, stamp: dt.datetime | None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    moment = _local(stamp) if stamp else dt.datetime(*ZIP_EPOCH)  # noqa: DTZ001 - a fixed date
    utc = stamp.astimezone(dt.UTC).replace(tzinfo=None) if stamp else moment
    workbook.properties.title = title
    workbook.properties.creator = "Socialstyrelsen"
    workbook.properties.lastModifiedBy = "Socialstyrelsen"
    workbook.properties.language = "sv-SE"
    workbook.properties.created = utc
    workbook.properties.modified = utc
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])
        sheet.append(table.header)
        for cell in sheet[1]:
            cell.font = bold
        for number, row in enumerate(table.rows + table.footer, start=2):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=number, column=column)
                _xlsx_value(cell, value)
                if number - 2 >= len(table.rows):
                    cell.font = bold
        sheet.freeze_panes = "A2"
        for column, header in enumerate(table.header, start=1):
            width = max([len(header)] + [_width(row[column - 1]) for row in table.rows])
            sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, 62)
    buffer = io.BytesIO()
    # ExcelWriter directly: Workbook.save() would stamp the file with the current time.
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()
    return reproducible_zip(buffer.getvalue(), moment)


def reproducible_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The same zip with every entry dated ``moment``: same content, same bytes."""
    when = max(moment.timetuple()[:6], ZIP_EPOCH)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


# --- CSV ---------------------------------------------------------------------------------


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Money):
        kronor = value.kronor
        return str(kronor) if isinstance(kronor, int) else f"{kronor:.2f}".replace(".", ",")
    if isinstance(value, dt.datetime):
        return formats.moment_iso(value)
    if isinstance(value, dt.date):
        return formats.day_iso(value)
    if isinstance(value, str) and _FORMULA_START.match(value) and not _NEGATIVE.match(value):
        return "'" + value  # a spreadsheet must not run text as a formula
    return str(value)


def to_csv(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_value(value) for value in row])
    return buffer.getvalue()


def to_long_csv(tables: list[Table], header: list[str], extra: Sequence[list[Any]] = ()) -> str:
    """Every figure of every table on a line of its own: part, row, column, value; then the
    ``extra`` lines."""
    rows: list[list[Any]] = []
    for table in tables:
        for row in table.rows + table.footer:
            name = " ".join(str(value) for value in row[: table.key_columns] if value)
            for column in range(table.key_columns, len(row)):
                value = row[column]
                if isinstance(value, Money | int | dt.date) and not isinstance(value, bool):
                    rows.append([table.title, name, table.header[column], value])
    return to_csv(header, rows + list(extra))


# --- PDF ---------------------------------------------------------------------------------


def pdf_value(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, Money):
        return formats.amount(value.ore)
    if isinstance(value, dt.datetime):
        return formats.moment_iso(value)
    if isinstance(value, dt.date):
        return formats.day_iso(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value}"
    return str(value)


def pdf_table(document: PdfDocument, table: Table, *, heading: bool = True) -> None:
    if heading:
        document.heading(table.title)
    if table.note:
        document.paragraph(table.note)
    document.table(
        table.header,
        [[pdf_value(value) for value in row] for row in table.rows + table.footer],
        numeric_columns=table.numeric_columns,
    )
