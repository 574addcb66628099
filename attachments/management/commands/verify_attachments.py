"""Check that every attachment's file is in the storage as it was handed in, and list the
files no attachment names (left by a transaction that rolled back)."""

from typing import Any

from django.core.management.base import CommandError, no_translations

from attachments.services import attachment_breaks, attachments_orphaned
from core.commands import OperatorCommand


class Command(OperatorCommand):
    help = (
        "Read every attachment's file and compare its SHA-256 and size with its row. Exits 1 "
        "and names each file missing or changed; lists files that no attachment names."
    )

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        orphans = attachments_orphaned()
        for name in orphans:
            self.stdout.write(f"- not an attachment (its change rolled back): {name}")
        breaks = attachment_breaks()
        if breaks:
            for message in breaks:
                self.stderr.write(f"- {message}")
            raise CommandError(f"{len(breaks)} attachment(s) missing or changed in the storage.")
        self.stdout.write("Every attachment's file is as it was handed in.")
