"""Template filters for amounts, numbers, percentages and dates.

Amounts and dates follow the one format rule of ``core.formats`` (docs/formats.md): the
filters here call its functions, so a page, an e-mail and a PDF say the same thing.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import clock, formats
from core.money import group_digits

register = template.Library()


@register.filter
def kr(ore: int | None) -> str:
    """Öre as kronor: 11580081200 -> "115 800 812 kr" (öre shown only when present)."""
    if ore is None or ore == "":
        return "–"
    return formats.amount(int(ore))


def _when(value: object) -> dt.date | None:
    """A date or moment, or None for an empty value (a template gives "" for a missing one)."""
    if isinstance(value, dt.date):
        return value
    return None


@register.filter
def day(value: dt.date | None) -> str:
    """A date in running text: "1 december 2025"."""
    when = _when(value)
    return formats.day(when) if when is not None else ""


@register.filter
def day_iso(value: dt.date | None) -> str:
    """A date in a table, list or form: "2025-12-01"."""
    when = _when(value)
    return formats.day_iso(when) if when is not None else ""


@register.filter
def moment(value: dt.datetime | None) -> str:
    """A moment in running text: "1 december 2025 kl. 14:05" (Stockholm time); a plain date
    is shown as a date."""
    when = _when(value)
    if when is None:
        return ""
    return formats.moment(when) if isinstance(when, dt.datetime) else formats.day(when)


@register.filter
def moment_iso(value: dt.datetime | None) -> str:
    """A moment in a table or list: "2025-12-01 14:05" (Stockholm time); a plain date is
    shown as a date."""
    when = _when(value)
    if when is None:
        return ""
    return formats.moment_iso(when) if isinstance(when, dt.datetime) else formats.day_iso(when)


@register.filter
def clock_time(value: dt.datetime | None) -> str:
    """The time of day in Stockholm: "14:05"."""
    when = _when(value)
    return formats.clock_time(when) if isinstance(when, dt.datetime) else ""


@register.filter
def weekday(value: dt.date | None) -> str:
    """The name of the day: "lördag"."""
    when = _when(value)
    return formats.weekday(when) if when is not None else ""


@register.filter
def kr_signed(ore: int | None) -> str:
    """A difference: "+12 kr", "−3 kr" or "0 kr"."""
    if ore is None or ore == "":
        return "–"
    ore = int(ore)
    return ("+" if ore > 0 else "") + formats.amount(ore)


@register.filter
def number(value: int | None) -> str:
    """Digits grouped with non-breaking spaces: 2471773 -> "2 471 773"."""
    if value is None or value == "":
        return "–"
    return group_digits(int(value))


def format_percent(value: Decimal, places: int = 1) -> str:
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{rounded}".replace(".", ",").replace("-", "\u2212") + "\u00a0%"


@register.filter
def percent(value: Decimal | None, places: int = 1) -> str:
    """Decimal(23.347) -> "23,3 %"."""
    if value is None or value == "":
        return "–"
    return format_percent(Decimal(value), int(places))


def relative_days(day: dt.date, today: dt.date) -> str:
    delta = (day - today).days
    if delta == 0:
        return _("today")
    if delta == 1:
        return _("tomorrow")
    if delta == -1:
        return _("yesterday")
    if delta > 0:
        return ngettext("in %(days)d day", "in %(days)d days", delta) % {"days": delta}
    return ngettext("%(days)d day ago", "%(days)d days ago", -delta) % {"days": -delta}


@register.filter
def days_from_today(day: dt.date | None) -> str:
    """ "in 8 days", "today", "357 days ago", relative to today in Stockholm."""
    if day is None:
        return "–"
    return relative_days(day, clock.today())
