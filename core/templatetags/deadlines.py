"""A deadline on a day that is not a working day, shown the same way wherever it appears.

``{% deadline_note deadline %}`` for a saved deadline, ``{% day_note day moves %}`` for a date
and flag being set in a form (a date or its ISO text), ``compact=True`` in tables and lists;
``day|is_working_day`` and ``day|next_working_day`` for e-mail text.
"""

import datetime as dt
from typing import Any

from django import template

from core.workdays import deadline_day
from core.workdays import is_working_day as _is_working_day
from core.workdays import next_working_day as _next_working_day

register = template.Library()

TEMPLATE = "includes/deadline_note.html"


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _note(day: Any, moves: Any, compact: bool) -> dict[str, Any]:
    date = _as_date(day)
    if date is None or date.year < 1900 or date.year > 2200:
        return {"note": None}
    note = deadline_day(date, moves in (True, "on", "true", "True", "1"))
    return {"note": None if note.is_working_day else note, "compact": compact}


@register.inclusion_tag(TEMPLATE)
def deadline_note(deadline: Any, compact: bool = False) -> dict[str, Any]:
    if deadline is None:
        return {"note": None}
    return _note(deadline.due_date, deadline.moves_to_next_working_day, compact)


@register.inclusion_tag(TEMPLATE)
def day_note(day: Any, moves: Any = False, compact: bool = False) -> dict[str, Any]:
    return _note(day, moves, compact)


@register.filter
def is_working_day(day: Any) -> bool:
    date = _as_date(day)
    return date is None or _is_working_day(date)


@register.filter
def next_working_day(day: Any) -> dt.date | None:
    date = _as_date(day)
    return _next_working_day(date) if date is not None else None
