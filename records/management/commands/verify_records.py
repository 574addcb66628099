"""Check that every row holding money or bank details is as the audit trail last recorded it."""

from typing import Any

from django.core.management.base import CommandError, no_translations

from core.commands import OperatorCommand
from records.integrity import TRACKED, records_breaks


class Command(OperatorCommand):
    help = (
        "Compare every requisition, payment, claim, repayment and agency entry with the state "
        "its last audit event recorded. Exits 1 and names each row changed behind the services."
    )

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        breaks = list(records_breaks())
        if breaks:
            for broken in breaks:
                self.stderr.write(f"- {broken.message}")
            raise CommandError(
                f"{len(breaks)} record(s) differ from the audit trail: changed behind the services."
            )
        self.stdout.write(
            f"Every record in the {len(TRACKED)} tracked tables is as the audit trail recorded it."
        )
