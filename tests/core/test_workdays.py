import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.workdays import (
    end_of_day,
    is_banking_day,
    is_working_day,
    next_banking_day,
    next_working_day,
    require_banking_day,
)


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


@pytest.mark.parametrize(
    ("day", "banking"),
    [
        (dt.date(2026, 4, 2), True),  # skärtorsdagen: banks are open
        (dt.date(2026, 4, 3), False),  # långfredagen
        (dt.date(2026, 4, 6), False),  # annandag påsk
        (dt.date(2026, 5, 14), False),  # Kristi himmelsfärdsdag
        (dt.date(2026, 6, 19), False),  # midsommarafton
        (dt.date(2026, 12, 24), False),  # julafton
        (dt.date(2026, 12, 31), False),  # nyårsafton
        (dt.date(2026, 5, 30), False),  # a Saturday
        (dt.date(2026, 6, 1), True),
    ],
)
def test_swedish_banking_days(day, banking):
    assert is_banking_day(day) is banking


def test_the_next_banking_day_after_easter_and_christmas():
    assert next_banking_day(dt.date(2026, 4, 3)) == dt.date(2026, 4, 7)
    assert next_banking_day(dt.date(2026, 12, 24)) == dt.date(2026, 12, 28)
    assert next_banking_day(dt.date(2026, 12, 31)) == dt.date(2027, 1, 4)  # 1 Jan, then a weekend


def test_a_date_that_is_not_a_banking_day_is_refused_at_the_field_in_swedish():
    require_banking_day(dt.date(2026, 6, 1), field="payment_date")
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        require_banking_day(dt.date(2026, 5, 30), field="payment_date")
    assert refused.value.message_dict == {
        "payment_date": ["Den 2026-05-30 är ingen bankdag. Närmaste bankdag är 2026-06-01."]
    }
