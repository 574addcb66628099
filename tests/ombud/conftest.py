import pytest

from accounts.models import RegionRole
from ombud.services import ombud_application_submit
from tests import factories
from tests.support.pdfs import pdf_upload


@pytest.fixture
def old_ombud(stockholm):
    return factories.region_user(stockholm, RegionRole.ADMIN, full_name="Olle Ombud")


@pytest.fixture
def applicant(stockholm):
    """Stockholm's representative, who asks to take over as ombud."""
    return factories.region_user(stockholm, RegionRole.SUBMITTER, full_name="Anna Sökande")


@pytest.fixture
def application(stockholm, applicant, old_ombud):
    return ombud_application_submit(
        region=stockholm,
        full_name="Anna Sökande",
        phone="08-123 456 78",
        position="Ekonomichef",
        file=pdf_upload("delegationsordning.pdf"),
        actor=applicant,
    )
