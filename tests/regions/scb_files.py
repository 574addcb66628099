"""Files shaped like SCB's statistical database (PxWeb) exports of population per county,
built in the tests: CSV with a title line, quoted cells and "00 Riket", or XLSX."""

import csv
import io

from openpyxl import Workbook

COUNTIES = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}

# SCB's figures of 1 November 2024, as printed in the 2025 decision's table.
FIGURES_2024 = {
    "01": 2_471_773,
    "03": 407_698,
    "04": 301_723,
    "05": 472_723,
    "06": 369_857,
    "07": 203_445,
    "08": 246_408,
    "09": 61_000,
    "10": 157_365,
    "12": 1_428_503,
    "13": 344_931,
    "14": 1_773_015,
    "17": 283_489,
    "18": 308_473,
    "19": 281_326,
    "20": 286_368,
    "21": 284_651,
    "22": 241_611,
    "23": 132_708,
    "24": 281_490,
    "25": 248_583,
}
TOTAL_2024 = 10_587_140
# Made up for a second year: each county one per cent larger, rounded down.
FIGURES_2025 = {code: population * 101 // 100 for code, population in FIGURES_2024.items()}


def scb_rows(
    figures: dict[str, object] | None = None,
    *,
    years: tuple[str, ...] = ("2024",),
    extra_years: dict[str, dict[str, object]] | None = None,
    riket: bool = True,
    separate_code: bool = False,
    title: bool = True,
) -> list[list[object]]:
    """Rows as PxWeb lays them out: a title, a blank line, the header, one line per county,
    then a note. ``figures`` are for the last year; ``extra_years`` for earlier ones."""
    figures = dict(FIGURES_2024 if figures is None else figures)
    extra_years = extra_years or {}
    rows: list[list[object]] = []
    if title:
        rows += [["Folkmängd den 1 november efter region och år"], []]
    header: list[object] = ["länskod", "region"] if separate_code else ["region"]
    rows.append(header + list(years))
    codes = list(figures)
    if riket:
        rows.append(
            (["00", "Riket"] if separate_code else ["00 Riket"])
            + [
                sum(v for v in extra_years.get(y, {}).values() if isinstance(v, int))
                for y in years[:-1]
            ]
            + [sum(v for v in figures.values() if isinstance(v, int))]
        )
    for code in codes:
        name = COUNTIES.get(code, "Okänt län")
        label: list[object] = [code, name] if separate_code else [f"{code} {name}"]
        rows.append(
            label + [extra_years.get(y, {}).get(code, "") for y in years[:-1]] + [figures[code]]
        )
    rows += [[], ["Källa: SCB, Befolkningsstatistik. .. = uppgift saknas"]]
    return rows


def as_csv(
    rows: list[list[object]],
    *,
    delimiter: str = ";",
    encoding: str = "cp1252",
    thousands: str = "",
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=delimiter, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n"
    )
    for row in rows:
        writer.writerow(
            [
                f"{v:,}".replace(",", thousands) if isinstance(v, int) and thousands else v
                for v in row
            ]
        )
    return out.getvalue().encode(encoding)


def as_xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
