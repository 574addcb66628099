"""Exports follow the format rule (docs/formats.md): XLSX amounts are numeric cells shown in
kronor, CSV amounts are numbers a spreadsheet reads, dates and moments use the table format
in Stockholm time, to the minute."""

import datetime as dt
import io

from openpyxl import load_workbook

from reporting.exports import Money, Table, csv_value, pdf_value, to_xlsx

WINTER = dt.datetime(2025, 12, 1, 13, 5, 59, tzinfo=dt.UTC)  # 14:05:59 in Stockholm
SUMMER = dt.datetime(2026, 6, 30, 22, 30, 10, tzinfo=dt.UTC)  # 00:30:10 on 1 July


def test_csv_amounts_are_numbers_with_ore_only_where_there_are_ore():
    assert csv_value(Money(11_580_081_200)) == "115800812"
    assert csv_value(Money(123_450)) == "1234,50"
    assert csv_value(Money(-5)) == "-0,05"


def test_csv_and_pdf_moments_are_stockholm_time_to_the_minute():
    assert csv_value(WINTER) == "2025-12-01 14:05"
    assert csv_value(SUMMER) == "2026-07-01 00:30"
    assert csv_value(dt.date(2025, 12, 1)) == "2025-12-01"
    assert pdf_value(WINTER) == "2025-12-01 14:05"
    assert pdf_value(Money(123_456_700)) == "1\u00a0234\u00a0567\u00a0kr"
    assert pdf_value(Money(123_456_750)) == "1\u00a0234\u00a0567,50\u00a0kr"


def test_xlsx_amounts_are_numeric_cells_shown_in_kronor():
    table = Table(
        title="Prov",
        header=["Belopp", "Med öre", "Tid"],
        rows=[[Money(11_580_081_200), Money(123_450), SUMMER]],
    )
    sheet = load_workbook(io.BytesIO(to_xlsx([table], title="Prov", stamp=None)))["Prov"]
    whole, with_ore, moment = sheet[2]
    assert whole.value == 115_800_812 and whole.number_format == '#,##0 "kr"'
    assert float(with_ore.value) == 1234.5 and with_ore.number_format == '#,##0.00 "kr"'
    # Stockholm time, the seconds dropped (a spreadsheet cell has no zone).
    assert moment.value == dt.datetime(2026, 7, 1, 0, 30)  # noqa: DTZ001
    assert moment.number_format == "yyyy-mm-dd hh:mm"
