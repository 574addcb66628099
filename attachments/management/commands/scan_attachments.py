"""Scan the files that wait for the virus scanner (docs/storage.md)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from attachments import clamd
from attachments.models import ScanState
from attachments.scanning import scan_waiting, waiting


class Command(BaseCommand):
    help = "Scan the attachments that wait for the virus scanner."

    def handle(self, *args: Any, **options: Any) -> None:
        if not clamd.configured():
            self.stdout.write("No virus scanner is configured (CLAMD_ADDRESS): nothing to do.")
            return
        counts = scan_waiting()
        self.stdout.write(
            f"clean: {counts[ScanState.CLEAN]}, infected: {counts[ScanState.INFECTED]}, "
            f"still waiting: {len(waiting())}"
        )
        if counts[ScanState.WAITING]:
            raise CommandError("The virus scanner is unavailable; the files still wait.")
