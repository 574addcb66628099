"""The one format rule (core.formats, docs/formats.md): amounts, dates and moments as a reader
sees them, in Swedish and in English, always in Stockholm time and never with seconds."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from core import formats

NBSP = "\u00a0"
UTC = dt.UTC
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("ore", "text"),
    [
        (123_456_700, f"1{NBSP}234{NBSP}567{NBSP}kr"),
        (123_456_750, f"1{NBSP}234{NBSP}567,50{NBSP}kr"),
        (123_456_705, f"1{NBSP}234{NBSP}567,05{NBSP}kr"),
        (100, f"1{NBSP}kr"),
        (0, f"0{NBSP}kr"),
        (5, f"0,05{NBSP}kr"),
        (-64_593_700, f"\u2212645{NBSP}937{NBSP}kr"),
        (-150, f"\u22121,50{NBSP}kr"),
    ],
)
def test_an_amount_shows_ore_only_where_there_are_ore(ore, text):
    assert formats.amount(ore) == text


def test_dates_in_running_text_and_in_tables():
    day = dt.date(2025, 12, 1)
    with translation.override("sv"):
        assert formats.day(day) == "1 december 2025"
        assert formats.day(dt.date(2026, 3, 31)) == "31 mars 2026"
        assert formats.weekday(dt.date(2026, 3, 28)) == "lördag"
        assert formats.day_iso(day) == "2025-12-01"
    with translation.override("en"):
        assert formats.day(day) == "1 December 2025"
        assert formats.weekday(dt.date(2026, 3, 28)) == "Saturday"
        assert formats.day_iso(day) == "2025-12-01"


def test_a_moment_is_shown_in_stockholm_time_to_the_minute():
    # 13:05:59 UTC in winter is 14:05 in Stockholm (CET, UTC+1); the seconds are dropped.
    winter = dt.datetime(2025, 12, 1, 13, 5, 59, 999_999, tzinfo=UTC)
    with translation.override("sv"):
        assert formats.moment(winter) == "1 december 2025 kl. 14:05"
        assert formats.moment_iso(winter) == "2025-12-01 14:05"
        assert formats.clock_time(winter) == "14:05"
    with translation.override("en"):
        assert formats.moment(winter) == "1 December 2025 at 14:05"
        assert formats.moment_iso(winter) == "2025-12-01 14:05"


def test_summer_time_is_two_hours_ahead_of_utc_and_the_day_can_change():
    # 22:30 UTC on 30 June is 00:30 on 1 July in Stockholm (CEST, UTC+2).
    summer = dt.datetime(2026, 6, 30, 22, 30, 10, tzinfo=UTC)
    with translation.override("sv"):
        assert formats.moment(summer) == "1 juli 2026 kl. 00:30"
        assert formats.day(summer) == "1 juli 2026"
        assert formats.day_iso(summer) == "2026-07-01"
    # The night clocks go forward (29 March 2026, 02:00 CET -> 03:00 CEST).
    assert formats.moment_iso(dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC)) == "2026-03-29 01:59"
    assert formats.moment_iso(dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)) == "2026-03-29 03:00"
    # Whatever zone the value is in.
    assert formats.moment_iso(dt.datetime(2026, 1, 15, 8, 0, tzinfo=NEW_YORK)) == (
        "2026-01-15 14:00"
    )


def test_the_active_time_zone_does_not_change_what_is_shown():
    moment = dt.datetime(2025, 12, 1, 13, 5, tzinfo=UTC)
    from django.utils import timezone

    with timezone.override(NEW_YORK):
        assert formats.moment_iso(moment) == "2025-12-01 14:05"


def render(source: str, **context) -> str:
    return Template("{% load formatting %}" + source).render(Context(context))


def test_the_template_filters_call_the_same_functions():
    moment = dt.datetime(2025, 12, 1, 13, 5, 42, tzinfo=UTC)
    with translation.override("sv"):
        assert render("{{ a|kr }}", a=11_580_081_200) == f"115{NBSP}800{NBSP}812{NBSP}kr"
        assert render("{{ a|kr }}", a=11_580_081_250) == f"115{NBSP}800{NBSP}812,50{NBSP}kr"
        assert render("{{ m|day }}", m=moment) == "1 december 2025"
        assert render("{{ m|day_iso }}", m=moment) == "2025-12-01"
        assert render("{{ m|moment }}", m=moment) == "1 december 2025 kl. 14:05"
        assert render("{{ m|moment_iso }}", m=moment) == "2025-12-01 14:05"
        assert render("{{ m|clock_time }}", m=moment) == "14:05"
        assert render("{{ d|weekday }}", d=dt.date(2026, 3, 28)) == "lördag"
    # A plain date given where a moment is expected is shown as a date, not as nothing.
    with translation.override("sv"):
        assert render("{{ d|moment }}", d=dt.date(2025, 12, 1)) == "1 december 2025"
        assert render("{{ d|moment_iso }}", d=dt.date(2025, 12, 1)) == "2025-12-01"
    # A missing value shows nothing (as Django's |date does), so |default can say "–".
    assert render("{{ m|moment_iso|default:'–' }}", m=None) == "–"
    assert render("{{ m|day }}", m="") == ""
    assert render("{{ a|kr }}", a=None) == "–"
