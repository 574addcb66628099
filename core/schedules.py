"""A Celery schedule for "every day at 07:00 Stockholm time" that is right on the days the
clocks change.

Celery's crontab computes the next run by adding whole days to the last run's UTC offset,
so on the first day of summer or winter time it fires an hour early or late. This
schedule computes the next run as a wall-clock time in Europe/Stockholm.
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from celery.schedules import BaseSchedule, schedstate

STOCKHOLM = ZoneInfo("Europe/Stockholm")


class DailyAt(BaseSchedule):
    def __init__(self, hour: int, minute: int = 0, *, tz: str = "Europe/Stockholm", **kwargs: Any):
        self.hour = hour
        self.minute = minute
        self.tz_name = tz
        super().__init__(**kwargs)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    def next_run_after(self, moment: dt.datetime) -> dt.datetime:
        """The first HH:MM local time strictly after ``moment``."""
        local = moment.astimezone(self.zone)
        candidate = dt.datetime.combine(
            local.date(), dt.time(self.hour, self.minute), tzinfo=self.zone
        )
        if candidate <= local:
            candidate = dt.datetime.combine(
                local.date() + dt.timedelta(days=1),
                dt.time(self.hour, self.minute),
                tzinfo=self.zone,
            )
        return candidate

    def _aware(self, moment: dt.datetime) -> dt.datetime:
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)

    def remaining_estimate(self, last_run_at: dt.datetime) -> dt.timedelta:
        return self.next_run_after(self._aware(last_run_at)) - self._aware(self.now())

    def is_due(self, last_run_at: dt.datetime) -> schedstate:
        remaining = self.remaining_estimate(last_run_at).total_seconds()
        if remaining <= 0:
            now = self._aware(self.now())
            return schedstate(is_due=True, next=(self.next_run_after(now) - now).total_seconds())
        return schedstate(is_due=False, next=remaining)

    def __repr__(self) -> str:
        return f"<DailyAt {self.hour:02d}:{self.minute:02d} {self.tz_name}>"

    def __reduce__(self) -> tuple:
        return (self.__class__, (self.hour, self.minute), {"tz_name": self.tz_name})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DailyAt) and (self.hour, self.minute, self.tz_name) == (
            other.hour,
            other.minute,
            other.tz_name,
        )

    def __hash__(self) -> int:
        return hash((self.hour, self.minute, self.tz_name))
