import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts.models import RegionRole
from grants.models import Case
from requisitions.services import RequisitionData
from tests import factories

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BEFORE_DEADLINE = dt.datetime(2025, 11, 20, 10, 0, tzinfo=STOCKHOLM)
STOCKHOLM_ALLOCATION = 11_580_081_200  # öre


@pytest.fixture
def before_deadline(time_machine):
    time_machine.move_to(BEFORE_DEADLINE, tick=True)
    return BEFORE_DEADLINE


@pytest.fixture
def case(grant_2025, stockholm) -> Case:
    return Case.objects.get(grant=grant_2025, region=stockholm)


@pytest.fixture
def submitter(stockholm):
    return factories.region_user(stockholm, RegionRole.SUBMITTER, full_name="Sara Representant")


@pytest.fixture
def preparer(stockholm):
    return factories.region_user(stockholm, RegionRole.PREPARER, full_name="Per Uppgift")


@pytest.fixture
def region_admin(stockholm):
    return factories.region_user(stockholm, RegionRole.ADMIN, full_name="Olga Ombud")


@pytest.fixture
def second_officer(db):
    return factories.officer(full_name="Andra Handläggaren")


def valid_data(**overrides) -> RequisitionData:
    values = {
        "amount": STOCKHOLM_ALLOCATION,
        "account_type": "bankgiro",
        "account_number": "5050-1055",
        "organisation_number_confirmed": True,
        "region_reference": "RS 2025/123",
        "contact_name": "Sara Representant",
        "contact_email": "sara@regionstockholm.test",
        "contact_phone": "08-123 456 78",
        "signatory_name": "Eva Ekonomidirektör",
        "signatory_title": "Ekonomidirektör",
        "attested": True,
    }
    values.update(overrides)
    return RequisitionData(**values)


def form_post(**overrides) -> dict:
    """The requisition form as a browser posts it."""
    values = {
        "amount": "115 800 812",
        "account_type": "bankgiro",
        "account_number": "5050-1055",
        "organisation_number_confirmed": "on",
        "region_reference": "RS 2025/123",
        "contact_name": "Sara Representant",
        "contact_email": "sara@regionstockholm.test",
        "contact_phone": "08-123 456 78",
        "signatory_name": "Eva Ekonomidirektör",
        "signatory_title": "Ekonomidirektör",
        "attested": "on",
        "version": "0",
        "action": "submit",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}
