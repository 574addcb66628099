"""The demo's 2025 history, loaded once for a package of read-mostly tests and rolled back."""

import io
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import transaction

from regions.models import Region
from regions.reference import load_regions


@contextmanager
def demo_history_rolled_back() -> Iterator[None]:
    """Inside one outer transaction, rolled back at the end, so the tests' own savepoints and
    transactions see the demo data and nothing outlives the package. Call it with the
    database unblocked (pytest-django's django_db_blocker)."""
    outer = transaction.atomic()
    outer.__enter__()
    try:
        if not Region.objects.exists():  # a transactional test's flush empties the table
            load_regions(Region)
        call_command("demo", stdout=io.StringIO())
        yield
    finally:
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
