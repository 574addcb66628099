"""The demo's history, loaded once for the package and rolled back at the end (as in
tests/reporting/known_data/), with the clock at 2026-11-23 12:00 in Stockholm."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts.models import RegionMembership, RegionRole
from tests.support.demo import demo_history_rolled_back

TODAY = dt.datetime(2026, 11, 23, 12, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
NBSP = "\u00a0"


@pytest.fixture(scope="package")
def demo_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), demo_history_rolled_back():
        yield


@pytest.fixture
def demo(demo_db, db, time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def start_page(client, demo):
    """The start page of a region as its administrator sees it, as text."""

    def get(code: str) -> str:
        member = RegionMembership.objects.filter(
            region__county_code=code, role=RegionRole.ADMIN
        ).first()
        client.force_login(member.user)
        response = client.get(f"/region/{code}/")
        assert response.status_code == 200
        return response.content.decode().replace(NBSP, " ")

    return get
