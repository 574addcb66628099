"""`python manage.py government_report --year 2025 --format xlsx --output FILE`: the report
on the mission to the ministry, the same file the page serves."""

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from core.commands import OperatorCommand
from grants.models import DecisionStatus, Grant
from records.anchors import anchor_printed
from reporting.documents import ministry_report_export
from reporting.ministry import ministry_report_data


class Command(OperatorCommand):
    help = (
        "Write the report on the mission to the ministry for a grant as XLSX, PDF or CSV; "
        "the same file as /bidrag/<year>/regeringsrapport.<format>."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The grant's year.")
        parser.add_argument("--format", choices=["xlsx", "pdf", "csv"], required=True)
        parser.add_argument("--output", required=True, help="The file to write ('-' for stdout).")

    def handle(self, *args: Any, **options: Any) -> None:
        grant = (
            Grant.objects.select_related("decision")
            .filter(year=options["year"], decision__status=DecisionStatus.DECIDED)
            .first()
        )
        if grant is None:
            raise CommandError(f"There is no decided grant for {options['year']}.")
        data = ministry_report_data(grant)
        anchor_printed(data.audit_head)
        export = ministry_report_export(data, options["format"])
        if options["output"] == "-":
            self.stdout.buffer.write(export.content)  # type: ignore[attr-defined]
            return
        path = Path(options["output"])
        path.write_bytes(export.content)
        self.stderr.write(f"Wrote {path} ({len(export.content)} bytes).")
