"""The Swedish working-day and banking-day calendar, and the end of a deadline day.

Non-working days follow lag (1930:173) om beräkning av lagstadgad tid: Saturdays,
Sundays, public holidays, midsommarafton, julafton and nyårsafton. The holidays come
from the maintained ``holidays`` library (public and de facto categories), not a hand list.

Swedish banks settle payments on the same days: Monday to Friday except public holidays
and the three days they are closed (midsommarafton, julafton, nyårsafton). A banking day is
therefore a working day; both names exist so each rule reads as what it means.
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import formats

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# The code of the ValidationError that offers the next banking day (``params["next"]``);
# ``core.forms.apply_service_errors`` fills it in on the form.
NOT_BANKING_DAY = "not_banking_day"


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


def is_banking_day(day: dt.date) -> bool:
    """Monday to Friday except public holidays, midsommarafton, julafton and nyårsafton."""
    return is_working_day(day)


def next_banking_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a banking day, else the first banking day after it."""
    return next_working_day(day)


def require_banking_day(day: dt.date, *, field: str) -> None:
    """Refuse a payment or due date that is not a banking day, at ``field``, offering the next."""
    if is_banking_day(day):
        return
    raise ValidationError(
        {
            field: ValidationError(
                _("%(day)s is not a banking day. The nearest banking day is %(next)s."),
                code=NOT_BANKING_DAY,
                params={
                    "day": formats.day_iso(day),
                    "next": formats.day_iso(next_banking_day(day)),
                },
            )
        }
    )


@dataclass(frozen=True)
class DeadlineDay:
    """What a deadline's date means: whether it is a working day and where the flag moves it."""

    day: dt.date
    moves: bool
    next_working_day: dt.date

    @property
    def is_working_day(self) -> bool:
        return self.next_working_day == self.day

    @property
    def effective_date(self) -> dt.date:
        return self.next_working_day if self.moves else self.day


def deadline_day(day: dt.date, moves: bool) -> DeadlineDay:
    return DeadlineDay(day=day, moves=bool(moves), next_working_day=next_working_day(day))


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in Stockholm: anything before it is "on or before" day.

    Using the next midnight (exclusive) rather than 23:59:59 leaves no gap and is correct
    on the days the clocks change.
    """
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=STOCKHOLM)
