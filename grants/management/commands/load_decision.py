"""Register a government decision from a data file in the repository."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser, no_translations

from core.commands import OperatorCommand
from grants import services
from grants.decision_file import DATA_DIR, DecisionFileError, read_decision_file
from grants.selectors import allocation_summary


class Command(OperatorCommand):
    help = (
        "Register a decision, its grant, deadlines and allocation from a TOML data file "
        "(default: the 2025 decision). The source document does not print the decision's "
        "reference number or date, so both are required."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(DATA_DIR / "decision_2025.toml"))
        parser.add_argument("--diarienummer", required=True, help="e.g. S2025/01234")
        parser.add_argument(
            "--decided-on", required=True, type=dt.date.fromisoformat, help="YYYY-MM-DD"
        )
        parser.add_argument(
            "--example",
            action="store_true",
            help="Mark the reference number and date as examples (demo data).",
        )

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = read_decision_file(Path(options["file"]))
            grant = services.decision_load(
                data=data,
                diarienummer=options["diarienummer"],
                decided_on=options["decided_on"],
                diarienummer_is_example=options["example"],
                decided_on_is_example=options["example"],
            )
        except DecisionFileError as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        summary = allocation_summary(grant)
        self.stdout.write(
            f"Registered grant {grant.year} ({grant.decision.diarienummer}): "
            f"{len(summary.rows)} regions, {summary.total_amount // 100} kr allocated."
        )
        for row in summary.differing_rows:
            self.stdout.write(
                self.style.WARNING(
                    f"  {row.county_code} {row.region_name}: computed {row.amount // 100} kr, "
                    f"decision {row.published_amount // 100 if row.published_amount else '-'} kr"
                )
            )
        if not summary.differing_rows:
            self.stdout.write(
                "The computed allocation equals the decision's table for every region."
            )
