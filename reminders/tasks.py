"""The daily sweep as a Celery task (beat runs it at 07:00 Europe/Stockholm)."""

import datetime as dt

from celery import shared_task

from .sweep import sweep


@shared_task(acks_late=True)
def daily_sweep(day: str | None = None) -> int:
    """Record today's reminders (and what missed days owed) and hand them to the senders.

    ``day`` (YYYY-MM-DD) sweeps as if it were that day, for operations and tests."""
    return len(sweep(dt.date.fromisoformat(day) if day else None))
