"""Check the audit trail's hash chain; exit non-zero at the first broken link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from records.models import AuditEvent
from records.services import audit_chain_first_break


class Command(BaseCommand):
    help = "Verify that no audit event was changed or deleted. Exits 1 and names the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = audit_chain_first_break()
        if broken is not None:
            raise CommandError(
                f"The audit chain is broken at event {broken.pk} "
                f"({broken.occurred_at:%Y-%m-%d %H:%M:%S %Z}, {broken.action}): "
                "it or the event before it was changed or deleted."
            )
        self.stdout.write(f"The audit chain holds: {AuditEvent.objects.count()} events.")
