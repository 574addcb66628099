"""Reading SCB's table of population per county: the layouts SCB's statistical database
exports, and a clear problem for each thing that is wrong. No database needed."""

import pytest
from django.core.exceptions import ValidationError

from regions.population_import import parse_population, read
from tests.regions.scb_files import (
    COUNTIES,
    FIGURES_2024,
    FIGURES_2025,
    TOTAL_2024,
    as_csv,
    as_xlsx,
    scb_rows,
)

KNOWN = {code: f"Region {name}" for code, name in COUNTIES.items()}
NBSP = "\u00a0"


def read_file(raw: bytes, filename: str = "BE0101.csv", column=None):
    return read(raw, filename, known=KNOWN, column=column)


def test_scbs_semicolon_csv_in_windows_1252_is_read_whole():
    table = read_file(as_csv(scb_rows(), encoding="cp1252"))
    assert table.problems == []
    assert table.figures == FIGURES_2024
    assert table.total == TOTAL_2024
    assert table.national_total == TOTAL_2024
    assert table.labels["14"] == "14 Västra Götalands län"
    assert table.lines["01"] == 5  # title, blank, header, Riket, then Stockholm
    assert table.notes == [
        (1, "Folkmängd den 1 november efter region och år"),
        (27, "Källa: SCB, Befolkningsstatistik. .. = uppgift saknas"),
    ]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_any_separator_and_encoding(delimiter, encoding):
    table = read_file(as_csv(scb_rows(), delimiter=delimiter, encoding=encoding))
    assert table.problems == []
    assert table.figures == FIGURES_2024


@pytest.mark.parametrize("thousands", [" ", NBSP, "\u202f"])
def test_swedish_thousands_separators_are_tolerated(thousands):
    table = read_file(as_csv(scb_rows(), thousands=thousands, encoding="utf-8"))
    assert table.problems == []
    assert table.figures["01"] == 2_471_773


def test_a_separate_code_column_without_title_or_national_total():
    table = read_file(as_csv(scb_rows(separate_code=True, title=False, riket=False)))
    assert table.problems == []
    assert table.figures == FIGURES_2024
    assert table.national_total is None


def test_a_code_a_spreadsheet_turned_into_a_number_is_read():
    rows = scb_rows(separate_code=True)
    for row in rows:
        if row and isinstance(row[0], str) and row[0].isdigit():
            row[0] = int(row[0])  # "01" saved by a spreadsheet as 1
    table = read_file(as_xlsx(rows), "befolkning.xlsx")
    assert table.problems == []
    assert table.figures == FIGURES_2024


def test_xlsx_with_numbers_in_cells():
    table = read_file(as_xlsx(scb_rows()), "BE0101N1.xlsx")
    assert table.file_format == "xlsx"
    assert table.problems == []
    assert table.figures == FIGURES_2024


def test_xlsx_with_numbers_as_text():
    figures = {code: f"{value:,}".replace(",", " ") for code, value in FIGURES_2024.items()}
    table = read_file(as_xlsx(scb_rows(figures, riket=False)), "BE0101N1.xlsx")
    assert table.problems == []
    assert table.figures == FIGURES_2024


def test_the_latest_year_is_read_unless_the_officer_chooses_another():
    rows = scb_rows(FIGURES_2025, years=("2024", "2025"), extra_years={"2024": FIGURES_2024})
    table = read_file(as_csv(rows))
    assert [c.label for c in table.columns] == ["2024", "2025"]
    assert table.column.label == "2025"
    assert table.figures == FIGURES_2025
    assert table.problems == []

    chosen = read_file(as_csv(rows), column=table.columns[0].index)
    assert chosen.column.label == "2024"
    assert chosen.figures == FIGURES_2024
    assert chosen.problems == []


def test_municipalities_are_skipped_and_counted():
    rows = scb_rows()
    rows.insert(6, ["0114 Upplands Väsby", 48_000])
    rows.insert(7, ["0115 Vallentuna", 35_000])
    table = read_file(as_csv(rows))
    assert table.problems == []
    assert table.municipalities_skipped == 2
    assert table.figures == FIGURES_2024


def test_a_missing_county_is_named():
    figures = {code: v for code, v in FIGURES_2024.items() if code != "09"}
    table = read_file(as_csv(scb_rows(figures, riket=False)))
    assert [p.message for p in table.problems] == [
        "Region Gotlands län (länskod 09) saknas i filen."
    ]
    assert "09" not in table.figures


@pytest.mark.parametrize("code", ["02", "99", "122"])
def test_an_unknown_county_code_is_a_problem(code):
    figures = {**FIGURES_2024, code: 1000}
    table = read_file(as_csv(scb_rows(figures, riket=False)))
    assert len(table.problems) == 1
    assert f"okänd länskod {code})" in table.problems[0].message
    assert table.other_problems == table.problems
    assert table.figures == FIGURES_2024


def test_the_national_total_must_match_the_counties():
    rows = scb_rows()
    riket = next(row for row in rows if row and row[0] == "00 Riket")
    riket[-1] = TOTAL_2024 + 1
    table = read_file(as_csv(rows))
    assert [p.message for p in table.problems] == [
        "Rikets total (00 Riket) är 10587141, men länen summerar till 10587140."
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2 47l 773", 'Rad 5: "2 47l 773" för länskod 01 är inte ett heltal.'),
        ("2471773,5", 'Rad 5: "2471773,5" för länskod 01 är inte ett heltal.'),
        ("..", "Rad 5: det finns ingen siffra för länskod 01 (värdet saknas i filen)."),
        ("", "Rad 5: det finns ingen siffra för länskod 01 (värdet saknas i filen)."),
        ("0", "Rad 5: folkmängden för länskod 01 måste vara större än noll."),
    ],
)
def test_a_malformed_or_missing_number_is_a_problem_at_its_line(cell, expected):
    figures = {**FIGURES_2024, "01": cell}
    table = read_file(as_csv(scb_rows(figures, riket=False, title=False)))
    assert [p.message for p in table.problems] == [expected.replace("Rad 5", "Rad 2")]
    assert "01" not in table.figures


def test_a_county_twice_is_a_problem():
    rows = scb_rows(riket=False)
    rows.insert(len(rows) - 2, ["12 Skåne län", 1_428_503])
    table = read_file(as_csv(rows))
    assert [p.message for p in table.problems] == [
        "Rad 25: länskod 12 förekommer en andra gång (första gången på rad 13)."
    ]
    assert table.figures == FIGURES_2024


@pytest.mark.parametrize(
    ("raw", "filename", "message"),
    [
        (b"", "tom.csv", "Filen är tom."),
        (b"\r\n\r\n", "tom.csv", "Filen är tom."),
        (b"%PDF-1.7\n%\x00\x01", "beslut.pdf", "Ladda upp en CSV- eller XLSX-fil"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "gammal.xls", "det gamla Excelformatet (.xls)"),
        (b"PK\x03\x04 not really a zip", "trasig.xlsx", "varken CSV-text eller"),
        (b"\x00\x01\x02binary", "data.csv", "varken CSV-text eller"),
        ("Folkmängd;2024\nStockholm;2471773\n".encode(), "utan-koder.csv", "Inga länskoder"),
        ("region;år\n01 Stockholms län;2024x\n".encode(), "utan-siffror.csv", "Ingen kolumn"),
    ],
)
def test_a_file_that_is_not_a_table_of_counties_is_refused(raw, filename, message):
    with pytest.raises(ValidationError) as raised:
        read_file(raw, filename)
    assert message in raised.value.messages[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2471773", 2_471_773),
        ("2 471 773", 2_471_773),
        (f"2{NBSP}471{NBSP}773", 2_471_773),
        ("61000.0", 61_000),
        ("61 000,00", 61_000),
    ],
)
def test_parse_population(text, value):
    assert parse_population(text) == value


@pytest.mark.parametrize("text", ["2.471.773", "24 71 773", "-5", "1e6", "2471773 kr"])
def test_parse_population_refuses_what_is_not_a_whole_number(text):
    from regions.population_import import NotANumber

    with pytest.raises(NotANumber):
        parse_population(text)
