"""`python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]`: the daily sweep.

The same code the Celery beat runs every morning, so cron, tests and the local default
(no Redis: the e-mails are sent inline) behave alike.
"""

import datetime as dt
from collections import Counter
from typing import Any

from django.core.management.base import CommandParser, no_translations

from core import clock
from core.commands import OperatorCommand
from reminders.sweep import sweep


class Command(OperatorCommand):
    help = "Record and send every reminder due today (and what missed days owed). --dry-run changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="Sweep as if today were YYYY-MM-DD."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be sent; record and send nothing.",
        )

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"] or clock.today()
        dues = sweep(day, dry_run=options["dry_run"])
        if options["dry_run"]:
            for due in dues:
                self.stdout.write(
                    f"{due.send_date:%Y-%m-%d}  {due.kind:<16} {due.rule_key:<30} {due.target_key:<28} {due.recipient}"
                )
            self.stdout.write(f"Would send {len(dues)} reminder(s). Nothing was recorded or sent.")
            return
        by_kind = Counter(due.kind for due in dues)
        summary = ", ".join(f"{kind}: {count}" for kind, count in sorted(by_kind.items())) or "none"
        self.stdout.write(
            f"Recorded {len(dues)} reminder(s) due ({summary}). Already recorded ones are not sent again."
        )
