"""Reading a decision transcribed into a TOML data file (see grants/data/decision_2025.toml)."""

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


class DecisionFileError(ValueError):
    pass


@dataclass(frozen=True)
class DeadlineRow:
    kind: str
    date: dt.date
    source_text: str
    moves_to_next_working_day: bool = False


@dataclass(frozen=True)
class PublishedRow:
    county_code: str
    printed_name: str
    population: int
    share_text: str
    kronor: int


@dataclass(frozen=True)
class DecisionData:
    year: int
    title: str
    ministry: str
    appropriation: str
    total_kronor: int
    regions_kronor: int
    administration_kronor: int
    conditions: str
    population_name: str
    population_source: str
    population_reference_date: dt.date
    deadlines: tuple[DeadlineRow, ...]
    allocation: tuple[PublishedRow, ...]
    # The period of use ([period_of_use] from/to); the budget year when the file omits it.
    use_from: dt.date | None = None
    use_to: dt.date | None = None


def _date_or_none(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise TypeError(f"not a date: {value!r}")


def read_decision_file(path: Path | str) -> DecisionData:
    """Parse and check a decision file; raise DecisionFileError naming what is wrong."""
    try:
        with open(path, "rb") as handle:
            raw = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DecisionFileError(f"cannot read {path}: {error}") from error
    try:
        population = raw["population"]
        period = raw.get("period_of_use", {})
        data = DecisionData(
            year=int(raw["year"]),
            title=str(raw["title"]).strip(),
            ministry=str(raw["ministry"]).strip(),
            appropriation=str(raw["appropriation"]).strip(),
            total_kronor=int(raw["total_kronor"]),
            regions_kronor=int(raw["regions_kronor"]),
            administration_kronor=int(raw["administration_kronor"]),
            conditions=str(raw["conditions"]).strip(),
            population_name=str(population["name"]),
            population_source=str(population["source"]),
            population_reference_date=population["reference_date"],
            deadlines=tuple(
                DeadlineRow(
                    kind=row["kind"],
                    date=row["date"],
                    source_text=row.get("source_text", ""),
                    moves_to_next_working_day=bool(row.get("moves_to_next_working_day", False)),
                )
                for row in raw.get("deadlines", [])
            ),
            allocation=tuple(
                PublishedRow(
                    county_code=str(row["county_code"]),
                    printed_name=str(row["printed_name"]),
                    population=int(row["population"]),
                    share_text=str(row["share"]),
                    kronor=int(row["kronor"]),
                )
                for row in raw["allocation"]
            ),
            use_from=_date_or_none(period.get("from")),
            use_to=_date_or_none(period.get("to")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise DecisionFileError(f"{path}: missing or malformed field {error}") from error
    if data.total_kronor != data.regions_kronor + data.administration_kronor:
        raise DecisionFileError(
            f"{path}: total_kronor is not regions_kronor + administration_kronor"
        )
    if data.use_from and data.use_to and data.use_from > data.use_to:
        raise DecisionFileError(f"{path}: period_of_use: from is after to")
    codes = [row.county_code for row in data.allocation]
    if len(codes) != len(set(codes)):
        raise DecisionFileError(f"{path}: a county code appears twice in the allocation table")
    return data
