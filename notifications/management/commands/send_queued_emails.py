from typing import Any

from django.core.management.base import BaseCommand, no_translations

from notifications.tasks import send_queued_emails


class Command(BaseCommand):
    help = "Send every queued e-mail now (what a worker would do)."

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_queued_emails()
        self.stdout.write(f"Sent {sent} e-mail(s).")
