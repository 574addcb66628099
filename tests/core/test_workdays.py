import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.workdays import end_of_day, is_working_day, next_working_day


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2025, 12, 1), True),  # Monday
        (dt.date(2026, 5, 31), False),  # Sunday
        (dt.date(2025, 12, 24), False),  # julafton
        (dt.date(2025, 6, 20), False),  # midsommarafton
        (dt.date(2025, 12, 31), False),  # nyårsafton
        (dt.date(2026, 1, 6), False),  # trettondedag jul
        (dt.date(2026, 4, 3), False),  # långfredagen
        (dt.date(2026, 3, 31), True),
    ],
)
def test_swedish_working_days(day, working):
    assert is_working_day(day) is working


def test_the_next_working_day_skips_weekends_and_holidays():
    assert next_working_day(dt.date(2026, 5, 31)) == dt.date(2026, 6, 1)
    assert next_working_day(dt.date(2025, 12, 24)) == dt.date(2025, 12, 29)
    assert next_working_day(dt.date(2025, 12, 1)) == dt.date(2025, 12, 1)


def test_the_end_of_a_day_is_the_next_midnight_in_stockholm_across_dst():
    stockholm = ZoneInfo("Europe/Stockholm")
    # 2026-03-29 has 23 hours, 2025-10-26 has 25.
    assert end_of_day(dt.date(2026, 3, 29)) == dt.datetime(2026, 3, 30, tzinfo=stockholm)
    assert end_of_day(dt.date(2026, 3, 29)).utcoffset() == dt.timedelta(hours=2)
    assert end_of_day(dt.date(2025, 10, 26)).utcoffset() == dt.timedelta(hours=1)
    assert end_of_day(dt.date(2025, 12, 1)).astimezone(dt.UTC) == dt.datetime(
        2025, 12, 1, 23, tzinfo=dt.UTC
    )
