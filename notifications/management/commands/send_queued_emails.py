from typing import Any

from django.core.management.base import no_translations

from core.commands import OperatorCommand
from notifications.tasks import send_queued_emails


class Command(OperatorCommand):
    help = "Send every queued e-mail now (what a worker would do)."

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_queued_emails()
        self.stdout.write(f"Sent {sent} e-mail(s).")
