import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts.models import RegionRole
from grants.models import Case
from tests import factories
from tests.support.clients import VerifiedClient

STOCKHOLM_TZ = ZoneInfo("Europe/Stockholm")
REGION_PAGE = "/region/01/bidrag/2025/meddelanden/"
OFFICER_PAGE = "/handlaggare/bidrag/2025/region/01/meddelanden/"
INBOX = "/handlaggare/inkorg/"
HOME = "/region/01/"


def logged_in(user) -> VerifiedClient:
    client = VerifiedClient()
    client.force_login(user)
    return client


@pytest.fixture
def case(grant_2025, stockholm, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=STOCKHOLM_TZ), tick=True)
    return Case.objects.get(grant=grant_2025, region=stockholm)


@pytest.fixture
def ombud(stockholm):
    return factories.region_user(stockholm, RegionRole.ADMIN, full_name="Olle Ombud")


@pytest.fixture
def preparer(stockholm):
    return factories.region_user(stockholm, RegionRole.PREPARER, full_name="Pia Uppgift")


@pytest.fixture
def uppsala_user(uppsala):
    return factories.region_user(uppsala, RegionRole.ADMIN, full_name="Ulla Uppsala")
