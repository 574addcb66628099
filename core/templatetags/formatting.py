"""Template filters for Swedish formatting of amounts, numbers, percentages and dates."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import clock
from core.money import format_kronor, group_digits

register = template.Library()


@register.filter
def kr(ore: int | None) -> str:
    """Öre as kronor: 11580081200 -> "115 800 812 kr" (öre shown only when present)."""
    if ore is None or ore == "":
        return "–"
    return format_kronor(int(ore))


@register.filter
def kr_exact(ore: int | None) -> str:
    """Öre as kronor with öre always shown: "115 800 812,00 kr"."""
    if ore is None or ore == "":
        return "–"
    return format_kronor(int(ore), show_ore=True)


@register.filter
def kr_signed(ore: int | None) -> str:
    """A difference: "+12 kr", "−3 kr" or "0 kr"."""
    if ore is None or ore == "":
        return "–"
    ore = int(ore)
    return ("+" if ore > 0 else "") + format_kronor(ore)


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
