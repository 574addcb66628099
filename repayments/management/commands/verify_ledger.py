"""Check that every region's ledger in every grant reconciles; exit non-zero if one does not."""

from typing import Any

from django.core.management.base import CommandError, CommandParser, no_translations

from core.commands import OperatorCommand
from grants.models import Case
from repayments.ledger import ledgers, payment_file_problems


class Command(OperatorCommand):
    help = (
        "Print one line per region and grant whose ledger does not reconcile "
        "(and per payment file whose totals are wrong); exit 1 if there is any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Only the grant of this year.")

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        cases = Case.objects.select_related("grant", "region").order_by(
            "grant__year", "region__county_code"
        )
        if options["year"]:
            cases = cases.filter(grant__year=options["year"])
        failures = 0
        checked = 0
        for ledger in ledgers(cases):
            checked += 1
            if ledger.problems:
                failures += 1
                self.stdout.write(
                    f"{ledger.case.grant.year} {ledger.case.region.county_code} {ledger.case.region.name}: "
                    + "; ".join(ledger.problems)
                )
        for problem in payment_file_problems():
            failures += 1
            self.stdout.write(problem)
        if failures:
            raise CommandError(f"{failures} ledger(s) do not reconcile.")
        self.stdout.write(f"All {checked} ledgers reconcile.")
