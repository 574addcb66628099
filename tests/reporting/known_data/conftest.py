"""The known data set for the reporting tests: the demo's 2025 history (see README.md and
demo/history.py), loaded once for the whole package inside a transaction that is rolled back
at the end. Each test runs in a savepoint inside it, as usual."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from grants.models import Grant
from tests.support.demo import demo_history_rolled_back

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = dt.datetime(2026, 11, 23, 12, 0, tzinfo=STOCKHOLM)


@pytest.fixture(scope="package")
def demo_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), demo_history_rolled_back():
        yield


@pytest.fixture
def demo(demo_db, db, time_machine):
    """The demo history, with the clock at 2026-11-23 12:00 in Stockholm."""
    time_machine.move_to(TODAY, tick=False)
    return Grant.objects.select_related("decision").get(year=2025)


@pytest.fixture
def demo_officer(demo_db, db) -> User:
    return User.objects.get(email="handlaggare@socialstyrelsen.test")


@pytest.fixture
def demo_auditor(demo_db, db) -> User:
    return User.objects.get(email="revisor@socialstyrelsen.test")


@pytest.fixture
def demo_region_admin(demo_db, db) -> User:
    return User.objects.get(email="ombud-14@regioner.test")
