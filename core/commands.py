"""The base of the project's management commands, for the operator at a terminal."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError


class OperatorCommand(BaseCommand):
    """What goes wrong outside the service — the database cannot be reached, a file cannot
    be read or written — is one line (``CommandError: …``, exit status 1), as the command's
    own refusals are, not a traceback. ``--traceback`` still shows where it happened."""

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except OperationalError as error:
            reason = str(error).strip().splitlines()[-1] if str(error).strip() else repr(error)
            raise CommandError(f"The database cannot be used: {reason}") from error
        except OSError as error:
            where = f" ({error.filename})" if error.filename else ""
            raise CommandError(f"{error.strerror or error}{where}.") from error
