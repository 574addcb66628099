"""A report is submitted by signing with e-ID, like a requisition (test_signing.py): the
certifier named in the form must be the one who signs."""

import datetime as dt
import io
import json
import zipfile
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from accounts.models import RegionRole
from accounts.services import personnummer_bind
from core import clock
from grants.models import Case, DeadlineKind
from grants.services import deadline_set
from reporting.dossier import case_dossier
from reports.models import ReportVersion
from requisitions import services as requisition_services
from signatures import services as signing
from signatures.models import Signature
from tests import factories
from tests.conftest import stockholm_requisition
from tests.reports.helpers import report_post
from tests.support.clients import VerifiedClient
from tests.support.oidc_provider import SUBMITTER_PNR

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/region/01/bidrag/2025/redovisning/"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def paid(grant_2025, stockholm, officer, region_submitter) -> Case:
    """Stockholm was paid in November 2025 (the test stays at the real time: the provider's
    tokens carry it)."""
    case = Case.objects.get(grant=grant_2025, region=stockholm)
    with clock.at(dt.datetime(2025, 11, 3, 10, tzinfo=STOCKHOLM)):
        requisition = requisition_services.requisition_submit(
            case=case, data=stockholm_requisition(), version=0, actor=region_submitter
        )
        requisition_services.requisition_approve(requisition=requisition, actor=officer)
        requisition_services.payment_release(
            requisition=requisition,
            payment_date=dt.date(2025, 11, 4),
            actor=factories.officer(full_name="Andra Handläggaren"),
        )
    deadline_set(
        grant=grant_2025,
        kind=DeadlineKind.REPORT,
        due_date=clock.today() + dt.timedelta(days=30),
        actor=officer,
    )
    return case


@pytest.fixture
def signer(stockholm):
    user = factories.region_user(stockholm, RegionRole.ADMIN, full_name="Sara Representant")
    return personnummer_bind(user=user, personnummer=SUBMITTER_PNR, how="operator")


def sign(client: Client, provider, response, username: str):
    assert response.status_code == 200
    authorize = response["Refresh"].removeprefix("0;url=")
    back = urlparse(provider.login_without_browser(authorize, username))
    return client.get(f"{back.path}?{back.query}")


def test_a_report_is_submitted_by_signing(eid, paid, signer, officer):
    client = VerifiedClient()
    client.force_login(signer)
    assert "Signera med e-legitimation och skicka in" in client.get(URL).content.decode()
    response = client.post(URL, report_post(certifier_name="Sara Representant"))
    assert not ReportVersion.objects.exists()
    response = sign(client, eid, response, "submitter")
    assert response["Location"] == URL
    version = ReportVersion.objects.get()
    signature = Signature.objects.get()
    assert signature.report_version == version
    assert signing.hash_matches(signature)
    assert json.loads(signature.content)["report"] == version.content
    page = client.get(f"{URL}version/1/").content.decode()
    assert "Sara Representant (900101-XXXX)" in page
    staff = VerifiedClient()
    staff.force_login(officer)
    review = staff.get("/handlaggare/bidrag/2025/region/01/redovisning/").content.decode()
    assert "Signerad med e-legitimation av" in review
    dossier = zipfile.ZipFile(io.BytesIO(case_dossier(paid).content))
    assert json.loads(dossier.read("signaturer/redovisning-version-01.json"))["hash_matches"]


def test_the_certifier_named_in_the_report_must_sign(eid, paid, signer):
    client = VerifiedClient()
    client.force_login(signer)
    response = client.post(URL, report_post(bookkeeping="Projekt 4711 i huvudboken."))
    response = sign(client, eid, response, "submitter")
    assert response["Location"] == URL
    page = client.get(URL).content.decode()
    assert "Den firmatecknare som anges här är Eva Ekonomichef" in page
    assert "Projekt 4711 i huvudboken." in page  # what was typed is kept
    assert not ReportVersion.objects.exists()
    assert not Signature.objects.exists()
