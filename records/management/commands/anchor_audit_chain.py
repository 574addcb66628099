"""Write the audit chain's head to the anchor log (the daily sweep does it every day)."""

from typing import Any

from django.core.management.base import no_translations

from core.commands import OperatorCommand
from records.anchors import anchor_write, log_path


class Command(OperatorCommand):
    help = "Anchor the audit chain's newest event (id and hash) in AUDIT_ANCHOR_LOG."

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        anchor = anchor_write(reason="manual")
        if anchor is None:
            self.stdout.write("The audit trail is empty: nothing to anchor.")
            return
        self.stdout.write(f"Anchored event {anchor.event_id} ({anchor.hash}) in {log_path()}.")
