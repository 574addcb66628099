"""The application's clock. Services ask here for "now" instead of calling timezone.now().

Normally it is the real time. ``clock.at(moment)`` lets the demo command record a
plausible history (a requisition received in November 2025) through the same services
everyone else uses; tests move the real clock with time-machine.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_override: ContextVar[dt.datetime | None] = ContextVar("clock_override", default=None)


def now() -> dt.datetime:
    return _override.get() or timezone.now()


def today() -> dt.date:
    """Today's date in Stockholm."""
    return timezone.localdate(now())


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    if timezone.is_naive(moment):
        raise ValueError("clock.at() needs an aware datetime")
    token = _override.set(moment)
    try:
        yield
    finally:
        _override.reset(token)
