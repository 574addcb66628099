"""`python manage.py demo_code`: the current login code for the demo staff (demo only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, no_translations
from django_otp.oath import TOTP

from core.commands import OperatorCommand

from .demo import DEMO_TOTP_KEY


class Command(OperatorCommand):
    help = "Print the current two-factor code of the demo staff's authenticator (demo only)."

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_ALLOWED:
            raise CommandError(
                "Demo data is not allowed with these settings (DEMO_ALLOWED is off)."
            )
        self.stdout.write(f"{TOTP(bytes.fromhex(DEMO_TOTP_KEY)).token():06d}")
