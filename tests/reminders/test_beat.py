"""The daily sweep runs at 07:00 Stockholm time, also on the days the clocks change."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from config.celery import app

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize(
    ("last_run", "next_run"),
    [
        (
            dt.datetime(2026, 3, 28, 7, 0, tzinfo=STOCKHOLM),
            dt.datetime(2026, 3, 29, 7, 0, tzinfo=STOCKHOLM),
        ),  # spring forward
        (
            dt.datetime(2026, 10, 24, 7, 0, tzinfo=STOCKHOLM),
            dt.datetime(2026, 10, 25, 7, 0, tzinfo=STOCKHOLM),
        ),  # fall back
        (
            dt.datetime(2026, 1, 10, 7, 0, tzinfo=STOCKHOLM),
            dt.datetime(2026, 1, 11, 7, 0, tzinfo=STOCKHOLM),
        ),
    ],
)
def test_the_sweep_is_scheduled_at_seven_in_stockholm(last_run, next_run):
    schedule = app.conf.beat_schedule["daily-reminders"]["schedule"]
    assert app.conf.beat_schedule["daily-reminders"]["task"] == "reminders.tasks.daily_sweep"
    now = last_run + dt.timedelta(minutes=1)
    schedule.nowfun = lambda: now
    due = (now + schedule.remaining_estimate(last_run)).astimezone(STOCKHOLM)
    assert not schedule.is_due(last_run).is_due
    assert (due.date(), due.hour, due.minute) == (next_run.date(), 7, 0)
    assert due.utcoffset() == next_run.utcoffset()


def test_it_is_due_at_seven_and_not_before():
    schedule = app.conf.beat_schedule["daily-reminders"]["schedule"]
    last_run = dt.datetime(2026, 3, 28, 7, 0, 5, tzinfo=STOCKHOLM)
    schedule.nowfun = lambda: dt.datetime(2026, 3, 29, 6, 59, tzinfo=STOCKHOLM)
    assert not schedule.is_due(last_run).is_due
    schedule.nowfun = lambda: dt.datetime(2026, 3, 29, 7, 0, 1, tzinfo=STOCKHOLM)
    state = schedule.is_due(last_run)
    assert state.is_due
    assert 86_000 < state.next < 86_400  # the next one a day later


def test_celerys_own_crontab_would_be_an_hour_off_on_the_day_the_clocks_change():
    """Why the project has its own schedule."""
    from celery.schedules import crontab

    cron = crontab(hour=7, minute=0, app=app)
    last_run = dt.datetime(2026, 3, 28, 7, 0, tzinfo=STOCKHOLM)
    now = last_run + dt.timedelta(minutes=1)
    cron.nowfun = lambda: now
    due = (now + cron.remaining_estimate(last_run)).astimezone(STOCKHOLM)
    assert due.hour != 7
