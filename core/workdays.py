"""The Swedish working-day calendar and the end of a deadline day.

Non-working days follow lag (1930:173) om beräkning av lagstadgad tid: Saturdays,
Sundays, public holidays, midsommarafton, julafton and nyårsafton. The holidays come
from the maintained ``holidays`` library (public and de facto categories), not a hand list.
"""

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> frozenset[dt.date]:
    calendar = holidays.country_holidays(
        "SE", years=year, categories=(holidays.PUBLIC, holidays.DE_FACTO)
    )
    return frozenset(calendar.keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_for(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in Stockholm: anything before it is "on or before" day.

    Using the next midnight (exclusive) rather than 23:59:59 leaves no gap and is correct
    on the days the clocks change.
    """
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=STOCKHOLM)
