"""Reading SCB's table of population per county (folkmängd per län) into one figure per region.

The file is what Statistiska centralbyrån's statistical database (Statistikdatabasen, PxWeb)
exports, as CSV or XLSX, possibly opened and saved again in a spreadsheet. What is accepted:

- **CSV** separated by semicolons, commas or tabs, in UTF-8 (with or without a byte-order
  mark) or Windows-1252; **XLSX** (the first worksheet with county codes), numbers stored
  as numbers or as text. The old Excel format (.xls) is refused with a message.
- Title lines, blank lines and notes before and after the table are skipped.
- The county is a cell "01 Stockholms län" (code and name, as PxWeb writes it), or a
  separate code column ("01", or 1 after a spreadsheet dropped the zero) whose header is
  Länskod, Regionkod, Kod or Code. Only the code is used: names are never matched.
- "00 Riket" is the national total: not a county, but checked against the sum of the
  counties. Four-digit codes are municipalities and are skipped (counted on the preview).
- The figure: digits, with spaces or non-breaking spaces as thousands separators
  ("2 471 773"). ".." (SCB's mark for a missing value) or an empty cell is an error for
  that county, as is anything else that is not a whole number greater than zero.
- With several value columns (several years or months), the column whose header names the
  latest period ("2024", "2024M11") is read, or the last one if no header names a period;
  the officer may choose another column on the preview.

Problems are collected, not raised, so the preview can show all of them; a file that is
not a table of counties at all raises ``ValidationError`` before anything is kept.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 200
ACCEPTED_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx"}
NATIONAL_TOTAL = "00"
MISSING_MARKS = {"..", "…", "-", "–", "."}

# "01 Stockholms län", "00 Riket", "0114 Upplands Väsby"
_LABEL = re.compile(r"^(?P<code>\d{2,4})\s+(?P<name>\S.*)$")
_BARE_CODE = re.compile(r"^\d{1,4}$")
_CODE_HEADERS = {
    "länskod",
    "lanskod",
    "länkod",
    "regionkod",
    "kod",
    "code",
    "county code",
    "region code",
    "region (kod)",
}
_PERIOD_HEADERS = {"år", "year", "tid", "period", "månad", "month"}
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:M(\d{2}))?(?!\d)")
_SPACES = "[ \u00a0\u202f\u2009\u2007]"
_NUMBER = re.compile(rf"^(?P<digits>\d{{1,3}}(?:{_SPACES}\d{{3}})+|\d+)(?:[.,]0+)?$")


class FileFormat:
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True)
class Problem:
    """Something that stops the figures from being stored, where in the file it is."""

    message: str
    line: int | None = None
    county_code: str = ""


@dataclass(frozen=True)
class ValueColumn:
    index: int
    label: str
    period: tuple[int, int] | None  # (year, month); month 0 when the header names a year


@dataclass
class PopulationTable:
    """What was read from a file: a figure per county code, and every problem found."""

    file_format: str
    columns: list[ValueColumn]
    column: ValueColumn
    figures: dict[str, int] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    national_total: int | None = None
    municipalities_skipped: int = 0
    notes: list[tuple[int, str]] = field(default_factory=list)
    known_codes: frozenset[str] = frozenset()

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def total(self) -> int:
        return sum(self.figures.values())

    def problems_for(self, county_code: str) -> list[Problem]:
        return [p for p in self.problems if p.county_code == county_code]

    @property
    def other_problems(self) -> list[Problem]:
        """Problems not about one of our regions (unknown codes, the national total)."""
        return [p for p in self.problems if p.county_code not in self.known_codes]


class NotANumber(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "missing" or "malformed"


def parse_population(text: str) -> int:
    """A population as SCB or a Swedish spreadsheet writes it: "2471773", "2 471 773".

    Raises :class:`NotANumber` with code ``missing`` for ".." or an empty cell and
    ``malformed`` for anything else that is not a whole number.
    """
    text = (text or "").strip()
    if not text or text in MISSING_MARKS:
        raise NotANumber("missing")
    match = _NUMBER.match(text)
    if not match:
        raise NotANumber("malformed")
    return int(re.sub(_SPACES, "", match.group("digits")))


# --- From bytes to rows of text ----------------------------------------------------------


def detect_format(raw: bytes, filename: str) -> str:
    """CSV or XLSX, or a ValidationError saying why the file cannot be read."""
    if not raw or not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ValidationError(_("The file is empty."), code="empty")
    if len(raw) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."), code="too_large")
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xls" or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _("The file is in the old Excel format (.xls). Save it as .xlsx or CSV and try again."),
            code="xls",
        )
    if suffix not in ACCEPTED_SUFFIXES:
        raise ValidationError(
            _("Upload a CSV or XLSX file, as exported from SCB's statistical database."),
            code="format",
        )
    if raw.startswith(b"PK\x03\x04"):
        return FileFormat.XLSX
    if suffix == ".xlsx" or b"\x00" in raw[:4096]:
        raise ValidationError(
            _("The file is neither CSV text nor an XLSX workbook that can be read."),
            code="format",
        )
    return FileFormat.CSV


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("The file is neither CSV text nor an XLSX workbook that can be read."), code="format"
    )


def _csv_rows(text: str) -> list[list[str]]:
    """Rows of the CSV text, with the separator that splits the most county lines."""
    best: list[list[str]] = []
    best_score = -1
    for delimiter in (";", "\t", ","):
        rows = [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
        score = sum(
            1
            for row in rows
            if len([c for c in row if c]) >= 2
            and any(_LABEL.match(c) or _BARE_CODE.match(c) for c in row[:3])
        )
        if score > best_score:
            best, best_score = rows, score
    return best


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(raw: bytes) -> list[list[str]]:
    """Rows of the first worksheet that has a county code in it (else the first one)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise ValidationError(
            _("The file is neither CSV text nor an XLSX workbook that can be read."),
            code="format",
        ) from error
    try:
        first: list[list[str]] | None = None
        for sheet in workbook.worksheets:
            rows = [
                [_cell_text(value) for value in row[:MAX_COLUMNS]]
                for row in sheet.iter_rows(max_row=MAX_ROWS, values_only=True)
            ]
            if first is None:
                first = rows
            if any(_LABEL.match(cell) for row in rows for cell in row[:3]):
                return rows
        return first or []
    finally:
        workbook.close()


def read_rows(raw: bytes, filename: str) -> tuple[str, list[list[str]]]:
    """The file's format and its rows as text cells; a ValidationError if unreadable."""
    file_format = detect_format(raw, filename)
    rows = _xlsx_rows(raw) if file_format == FileFormat.XLSX else _csv_rows(decode(raw))
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("The file has more than %(limit)d lines: it is not a table of counties.")
            % {"limit": MAX_ROWS}
        )
    return file_format, rows


# --- From rows to figures -----------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _find_key_column(rows: list[list[str]]) -> tuple[int, int, bool]:
    """(column, first data row, label mode): where the county codes are."""
    counts: dict[int, int] = {}
    first_row: dict[int, int] = {}
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            match = _LABEL.match(cell)
            if match and len(match.group("code")) == 2:
                counts[j] = counts.get(j, 0) + 1
                first_row.setdefault(j, i)
    if counts:
        column = max(counts, key=lambda j: (counts[j], -j))
        return column, first_row[column], True
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if _norm(cell) in _CODE_HEADERS:
                return j, i + 1, False
    raise ValidationError(
        _(
            'No county codes were found. The file must have the counties as "01 Stockholms '
            'län" or a column of county codes headed Länskod.'
        ),
        code="no_codes",
    )


def _is_data_row(row: list[str], key: int, label_mode: bool) -> bool:
    cell = row[key] if key < len(row) else ""
    match = _LABEL.match(cell)
    if match:
        return True
    return not label_mode and bool(_BARE_CODE.match(cell))


def _period(label: str) -> tuple[int, int] | None:
    matches = _PERIOD.findall(label)
    if not matches:
        return None
    year, month = matches[-1]
    return int(year), int(month or 0)


def _value_columns(
    rows: list[list[str]], header: list[list[str]], data: list[int], key: int
) -> list[ValueColumn]:
    width = max((len(rows[i]) for i in data), default=0)
    columns = []
    for j in range(width):
        if j == key:
            continue
        label = " ".join(h[j] for h in header if j < len(h) and h[j]).strip()
        if _norm(label) in _PERIOD_HEADERS or _norm(label) in _CODE_HEADERS:
            continue
        numbers = 0
        for i in data:
            try:
                parse_population(rows[i][j] if j < len(rows[i]) else "")
            except NotANumber:
                continue
            numbers += 1
        if numbers * 2 >= len(data) and numbers:
            columns.append(
                ValueColumn(
                    index=j,
                    label=label or _("column %(number)d") % {"number": j + 1},
                    period=_period(label),
                )
            )
    return columns


def _default_column(columns: list[ValueColumn]) -> ValueColumn:
    with_period = [c for c in columns if c.period is not None]
    if with_period:
        return max(with_period, key=lambda c: (c.period, c.index))
    return columns[-1]


def parse(
    rows: list[list[str]],
    *,
    known: Mapping[str, str],
    file_format: str,
    column: int | None = None,
) -> PopulationTable:
    """Read the counties' figures from ``rows``. ``known`` is {county code: region name};
    ``column`` the index of the value column to read (default: the latest period)."""
    key, first_data, label_mode = _find_key_column(rows)
    data = [i for i in range(first_data, len(rows)) if _is_data_row(rows[i], key, label_mode)]
    if not data:
        raise ValidationError(_("The file has no lines with county codes."), code="no_codes")
    # The header: the non-empty lines just above the first county (at most three).
    header: list[list[str]] = []
    i = data[0] - 1
    while i >= 0 and any(rows[i]) and len(header) < 3:
        header.insert(0, rows[i])
        i -= 1
    columns = _value_columns(rows, header, data, key)
    if not columns:
        raise ValidationError(
            _("No column of population figures was found next to the county codes."),
            code="no_values",
        )
    chosen = next((c for c in columns if c.index == column), None) or _default_column(columns)
    table = PopulationTable(
        file_format=file_format,
        columns=columns,
        column=chosen,
        known_codes=frozenset(known),
    )
    data_set = set(data)
    header_start = data[0] - len(header)
    for i, row in enumerate(rows):
        if i in data_set or not any(row):
            continue
        if header_start <= i < data[0]:
            continue
        if len(table.notes) < 20:
            table.notes.append((i + 1, " ".join(c for c in row if c)[:200]))
    for i in data:
        _read_line(table, rows[i], i + 1, key, known)
    for code, name in sorted(known.items()):
        if code not in table.lines:
            table.problems.append(
                Problem(
                    _("%(region)s (county code %(code)s) is missing from the file.")
                    % {"region": name, "code": code},
                    county_code=code,
                )
            )
    if (
        table.national_total is not None
        and len(table.figures) == len(known)
        and table.total != table.national_total
    ):
        table.problems.append(
            Problem(
                _(
                    "The national total (00 Riket) is %(national)s, but the counties add up "
                    "to %(sum)s."
                )
                % {"national": table.national_total, "sum": table.total},
                line=table.lines.get(NATIONAL_TOTAL),
                county_code=NATIONAL_TOTAL,
            )
        )
    return table


def _read_line(
    table: PopulationTable, row: list[str], line: int, key: int, known: Mapping[str, str]
) -> None:
    cell = row[key]
    match = _LABEL.match(cell)
    code = match.group("code") if match else cell
    label = cell
    if len(code) == 4:
        table.municipalities_skipped += 1
        return
    if len(code) == 1:
        code = code.zfill(2)  # a spreadsheet turned "01" into 1
    if len(code) != 2 or (code not in known and code != NATIONAL_TOTAL):
        table.problems.append(
            Problem(
                _(
                    "Line %(line)d: %(label)s is not a county code of a region "
                    "(unknown county code %(code)s)."
                )
                % {"line": line, "label": label, "code": code},
                line=line,
                county_code=code,
            )
        )
        return
    if code in table.lines:
        table.problems.append(
            Problem(
                _(
                    "Line %(line)d: county code %(code)s appears a second time (first on line %(first)d)."
                )
                % {"line": line, "code": code, "first": table.lines[code]},
                line=line,
                county_code=code,
            )
        )
        return
    table.lines[code] = line
    table.labels[code] = label
    text = row[table.column.index] if table.column.index < len(row) else ""
    try:
        population = parse_population(text)
    except NotANumber as error:
        if error.code == "missing":
            message = _(
                "Line %(line)d: there is no figure for county code %(code)s (the value is "
                "missing in the file)."
            )
        else:
            message = _('Line %(line)d: "%(text)s" for county code %(code)s is not a whole number.')
        table.problems.append(
            Problem(
                message % {"line": line, "code": code, "text": text[:40]},
                line=line,
                county_code=code,
            )
        )
        return
    if population <= 0:
        table.problems.append(
            Problem(
                _(
                    "Line %(line)d: the population of county code %(code)s must be greater than zero."
                )
                % {"line": line, "code": code},
                line=line,
                county_code=code,
            )
        )
        return
    if code == NATIONAL_TOTAL:
        table.national_total = population
    else:
        table.figures[code] = population


def read(
    raw: bytes, filename: str, *, known: Mapping[str, str], column: int | None = None
) -> PopulationTable:
    """Read an uploaded file: a ValidationError if it is not a table of counties at all,
    else the table with its problems."""
    file_format, rows = read_rows(raw, filename)
    return parse(rows, known=known, file_format=file_format, column=column)
