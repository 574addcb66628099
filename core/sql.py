"""Helpers for the few statements written out by hand (where building them through the ORM
costs more than reading the rows: the start pages, the inbox, the overview), so that each
statement is one text that PostgreSQL and SQLite (`make run`) both run.

PostgreSQL gives dates and moments back as Python values; SQLite, asked by hand rather than
through the ORM, gives the text it stores (moments in UTC). ``as_day`` and ``as_moment`` turn
either into the same values. ``in_list`` writes ``column IN (…)`` with a parameter per
value, which both understand (``= ANY(%s)`` with a list is PostgreSQL's alone)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime


def as_day(value: Any) -> dt.date | None:
    """A date column's value as a date."""
    if isinstance(value, str):
        return parse_date(value[:10])
    return value


def as_moment(value: Any) -> dt.datetime | None:
    """A timestamp column's value as an aware moment (SQLite keeps UTC without a zone)."""
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None and parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed
    return value


def in_list(column: str, name: str, values: Iterable[Any]) -> tuple[str, dict[str, Any]]:
    """``column IN (%(name_0)s, …)`` and its parameters; never empty (``IN (NULL)`` matches
    nothing)."""
    parameters = {f"{name}_{index}": value for index, value in enumerate(values)}
    placeholders = ", ".join(f"%({key})s" for key in parameters) or "NULL"
    return f"{column} IN ({placeholders})", parameters
