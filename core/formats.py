"""The one format rule for what people read: screens, PDFs, e-mails, exports and the admin.

- Amounts: "1 234 567 kr"; öre only where there are öre ("1 234 567,50 kr"); a negative
  amount has a real minus sign (U+2212). Amounts are öre (integers) until this edge.
- Dates in running text: "1 december 2025" (month names from Django's catalogue, so
  "1 December 2025" in English).
- Dates in tables, lists, forms and exports: "2025-12-01".
- Moments (a date with a time) in running text: "1 december 2025 kl. 14:05"
  ("1 December 2025 at 14:05"); in tables and exports: "2025-12-01 14:05".
- Times to the minute, never seconds, always in Stockholm time whatever the zone of the
  value or of the request.

The template filters in ``core.templatetags.formatting`` (``kr``, ``day``, ``day_iso``,
``moment``, ``moment_iso``, ``clock_time``, ``weekday``) call these same functions. What a
machine reads (the payment file to the bank, OCR numbers, ``<input type="date">`` values,
``datetime`` attributes, JSON, audit data) keeps its own format and does not come here.
``tests/core/test_format_guard.py`` fails when a template or module formats a date or an
amount on its own.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import dateformat
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.money import format_kronor

STOCKHOLM = ZoneInfo("Europe/Stockholm")
EMPTY = "–"

DayLike = dt.date | dt.datetime


def amount(ore: int) -> str:
    """11580081200 -> "115 800 812 kr"; 12345650 -> "123 456,50 kr"; −3 kr with U+2212."""
    return format_kronor(int(ore))


def stockholm(moment: dt.datetime) -> dt.datetime:
    """An aware moment in Stockholm time. A naive one is taken to be Stockholm time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=STOCKHOLM)
    return moment.astimezone(STOCKHOLM)


def _as_date(value: DayLike) -> dt.date:
    if isinstance(value, dt.datetime):
        return stockholm(value).date()
    return value


class _Words:
    """The words of dates in one language (Django's catalogue: "j F Y", "l" and the pattern
    of a moment), looked up once per language rather than for every date written: a page's
    rows write many dates, and each lookup through the catalogue costs more than the rest
    of writing the date."""

    def __init__(self) -> None:
        self.months = {number: str(name) for number, name in MONTHS.items()}
        self.weekdays = {number: str(name) for number, name in WEEKDAYS.items()}
        self.at = _("%(date)s at %(time)s")


_WORDS: dict[str | None, _Words] = {}


def _words() -> _Words:
    language = get_language()
    words = _WORDS.get(language)
    if words is None:
        words = _WORDS[language] = _Words()
    return words


def _day(date: dt.date, words: _Words) -> str:
    # As dateformat's "j F Y": the day without a leading zero, the month's name, the year.
    return f"{date.day} {words.months[date.month]} {date.year:04d}"


def day(value: DayLike) -> str:
    """A date in running text: "1 december 2025" (the day in Stockholm for a moment)."""
    return _day(_as_date(value), _words())


def day_iso(value: DayLike) -> str:
    """A date in a table, list, form or export: "2025-12-01"."""
    return _as_date(value).isoformat()


def clock_time(moment: dt.datetime) -> str:
    """The time of day in Stockholm, to the minute: "14:05"."""
    local = stockholm(moment)
    return f"{local.hour:02d}:{local.minute:02d}"


def moment(value: dt.datetime) -> str:
    """A moment in running text: "1 december 2025 kl. 14:05" / "1 December 2025 at 14:05"."""
    local = stockholm(value)
    words = _words()
    return words.at % {
        "date": _day(local.date(), words),
        "time": f"{local.hour:02d}:{local.minute:02d}",
    }


def moment_iso(value: dt.datetime) -> str:
    """A moment in a table, list or export: "2025-12-01 14:05" (Stockholm time)."""
    local = stockholm(value)
    return f"{local.date().isoformat()} {local.hour:02d}:{local.minute:02d}"


def weekday(value: DayLike) -> str:
    """The name of the day in the active language: "lördag" / "Saturday"."""
    return _words().weekdays[_as_date(value).weekday()]


def month(value: DayLike) -> str:
    """A month as a short label, for a chart's axis: "Maj 2025" / "May 2025"."""
    return dateformat.format(_as_date(value), "M Y")
