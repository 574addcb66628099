"""Submitting a requisition by signing with e-ID, against the real test provider
(tests/support/oidc_provider): the version is kept while the submitter identifies
themselves again (prompt=login, max_age=0), then submitted with the evidence in one
transaction. The signature shows on the receipt, the officer's view, the payment decision's
PDF, the case dossier and the check page; a password login's submission is unsigned."""

import datetime as dt
import io
import json
import zipfile
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import RegionRole
from accounts.oidc import EidResult
from accounts.services import personnummer_bind
from core import clock
from grants.models import Case, DeadlineKind
from grants.services import deadline_set
from records.models import AuditAction, AuditEvent
from reporting.dossier import case_dossier
from requisitions.documents import payment_decision_pdf
from requisitions.models import Requisition, RequisitionStatus
from signatures import services as signing
from signatures.models import PendingSignature, Signature
from tests import factories
from tests.requisitions.conftest import form_post
from tests.support.clients import VerifiedClient
from tests.support.oidc_provider import LOA3, SUBMITTER_PNR

pytestmark = pytest.mark.django_db(transaction=True)

FORM = "/region/01/bidrag/2025/rekvisition/"
RECEIPT = "/region/01/bidrag/2025/rekvisition/kvitto/"


@pytest.fixture
def case(grant_2025, stockholm) -> Case:
    # Open now: the provider's tokens carry the real time, so the test does not travel.
    deadline_set(
        grant=grant_2025,
        kind=DeadlineKind.REQUISITION,
        due_date=clock.today() + dt.timedelta(days=30),
    )
    return Case.objects.get(grant=grant_2025, region=stockholm)


@pytest.fixture
def submitter(stockholm):
    user = factories.region_user(stockholm, RegionRole.SUBMITTER, full_name="Sara Representant")
    return personnummer_bind(user=user, personnummer=SUBMITTER_PNR, how="operator")


def provider_address(response) -> str:
    assert response.status_code == 200, response.status_code
    return response["Refresh"].removeprefix("0;url=")


def sign(client: Client, provider, response, username: str):
    back = urlparse(provider.login_without_browser(provider_address(response), username))
    return client.get(f"{back.path}?{back.query}")


def test_a_requisition_is_submitted_by_signing_with_e_id(
    eid, case, submitter, officer, django_capture_on_commit_callbacks
):
    client = VerifiedClient()
    client.force_login(submitter)
    assert "Signera med e-legitimation och skicka in" in client.get(FORM).content.decode()
    response = client.post(FORM, form_post(signatory_name="Sara Representant"))
    query = parse_qs(urlparse(provider_address(response)).query)
    assert query["prompt"] == ["login"] and query["max_age"] == ["0"]
    # Nothing is submitted while the submitter is at the provider.
    assert not Requisition.objects.filter(status=RequisitionStatus.RECEIVED).exists()
    assert PendingSignature.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = sign(client, eid, response, "submitter")
    assert response["Location"] == RECEIPT
    requisition = Requisition.objects.get()
    assert requisition.status == RequisitionStatus.RECEIVED
    signature = Signature.objects.get()
    assert signature.requisition == requisition
    assert signature.signer == submitter
    assert signature.personnummer == "199001011239"
    assert signature.acr == LOA3
    assert signature.id_token.count(".") == 2  # the JWS as received
    assert signature.issuer == eid.issuer
    assert clock.now() - signature.auth_time < dt.timedelta(minutes=1)
    content = json.loads(signature.content)
    assert content["amount"] == 11_580_081_200
    assert content["account_number"] == "5050-1055"
    assert content["signatory_name"] == "Sara Representant"
    assert signing.sha256(signature.content) == signature.content_sha256
    assert signing.hash_matches(signature)
    event = AuditEvent.objects.get(action=AuditAction.SUBMISSION_SIGNED)
    assert event.data["content_sha256"] == signature.content_sha256
    assert event.data["personnummer"] == "900101-XXXX"
    assert PendingSignature.objects.get().used_at is not None

    receipt = client.get(RECEIPT).content.decode()
    assert "Signerad med e-legitimation av" in receipt
    assert "Sara Representant (900101-XXXX)" in receipt
    assert signature.content_sha256 in receipt
    assert "199001011239" not in receipt and "19900101-1239" not in receipt

    staff = VerifiedClient()
    staff.force_login(officer)
    review = staff.get(reverse("requisitions:review", args=[requisition.pk])).content.decode()
    assert "Sara Representant (900101-XXXX)" in review
    check_url = reverse("signatures:check", args=[signature.pk])
    assert check_url in review
    check = staff.get(check_url).content.decode()
    assert "Hashen stämmer" in check
    assert signature.id_token in check
    assert (
        "signerad med e-legitimation"
        in staff.get("/handlaggare/bidrag/2025/region/01/").content.decode()
    )

    pdf = payment_decision_pdf(requisition=requisition, decided_by=officer, decided_at=clock.now())
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Signerad med e-legitimation av Sara Representant" in text

    dossier = zipfile.ZipFile(io.BytesIO(case_dossier(case).content))
    entry = json.loads(dossier.read("signaturer/rekvisition-01.json"))
    assert entry["signed"] is True
    assert entry["hash_matches"] is True
    assert entry["id_token"] == signature.id_token
    assert entry["personnummer"] == "900101-XXXX"


def test_the_signatory_named_in_the_form_must_sign(eid, case, submitter):
    client = VerifiedClient()
    client.force_login(submitter)
    response = client.post(
        FORM, form_post(signatory_name="Eva Ekonomidirektör", region_reference="RS 2025/999")
    )
    response = sign(client, eid, response, "submitter")
    assert response["Location"] == FORM
    page = client.get(FORM).content.decode()
    assert "Den firmatecknare som anges här är Eva Ekonomidirektör" in page
    assert "Sara Representant" in page
    assert 'value="RS 2025/999"' in page  # what was typed is kept
    assert not Requisition.objects.filter(status=RequisitionStatus.RECEIVED).exists()
    assert not Signature.objects.exists()


def test_someone_elses_e_id_signs_nothing(eid, case, submitter):
    client = VerifiedClient()
    client.force_login(submitter)
    response = client.post(FORM, form_post(signatory_name="Per Person"))
    response = sign(client, eid, response, "submitter2")  # another person's e-ID
    assert response["Location"] == FORM
    assert "inte är ditt kontos" in client.get(FORM).content.decode()
    assert not Signature.objects.exists()
    assert not Requisition.objects.filter(status=RequisitionStatus.RECEIVED).exists()


def test_without_a_connected_e_id_the_submission_is_unsigned_and_officers_see_it(
    eid, case, stockholm, officer
):
    submitter = factories.region_user(stockholm, RegionRole.SUBMITTER)
    client = VerifiedClient()
    client.force_login(submitter)
    response = client.post(FORM, form_post())
    assert response["Location"] == RECEIPT
    assert "Osignerad" in client.get(RECEIPT).content.decode()
    requisition = Requisition.objects.get()
    staff = VerifiedClient()
    staff.force_login(officer)
    review = staff.get(reverse("requisitions:review", args=[requisition.pk])).content.decode()
    assert "Osignerad" in review
    case_page = staff.get("/handlaggare/bidrag/2025/region/01/").content.decode()
    assert "osignerad" in case_page
    dossier = zipfile.ZipFile(io.BytesIO(case_dossier(case).content))
    assert json.loads(dossier.read("signaturer/rekvisition-01.json")) == {"signed": False}


def _pending(case, user, signatory="Sara Representant"):
    return signing.pending_create(
        user=user, kind="requisition", case=case, form_data={}, content={"x": signatory}
    )


def test_an_old_authentication_does_not_sign(case, submitter):
    pending = _pending(case, submitter)
    stale = EidResult(
        personnummer="199001011239",
        acr=LOA3,
        auth_time=clock.now() - dt.timedelta(hours=1),
        claims={"name": "Sara Representant"},
    )
    with pytest.raises(Exception, match=r"ny legitimering|new identification"):
        signing.check_result(
            pending=pending,
            result=stale,
            actor=submitter,
            signatory_field="signatory_name",
            signatory="Sara Representant",
        )
    missing = EidResult(personnummer="199001011239", acr=LOA3, auth_time=None, claims={})
    with pytest.raises(Exception, match=r"ny legitimering|new identification"):
        signing.check_result(
            pending=pending,
            result=missing,
            actor=submitter,
            signatory_field="signatory_name",
            signatory="Sara Representant",
        )


def test_the_check_page_says_so_when_the_hash_does_not_match(case, submitter, officer):
    factories_requisition = Requisition.objects.create(
        case=case,
        allocation_amount=11_580_081_200,
        amount=11_580_081_200,
        organisation_number=case.region.organisation_number,
        diarienummer=case.grant.decision.diarienummer,
        created_by=submitter,
        updated_by=submitter,
        version=1,
    )
    signature = Signature.objects.create(
        kind="requisition",
        requisition=factories_requisition,
        signer=submitter,
        personnummer="199001011239",
        signer_name="Sara Representant",
        acr=LOA3,
        issuer="http://issuer.test",
        auth_time=clock.now(),
        id_token="a.b.c",
        content="{}",
        content_sha256="0" * 64,
    )
    client = VerifiedClient()
    client.force_login(officer)
    page = client.get(reverse("signatures:check", args=[signature.pk])).content.decode()
    assert "Hashen stämmer inte" in page
    region = VerifiedClient()
    region.force_login(submitter)
    assert region.get(reverse("signatures:check", args=[signature.pk])).status_code == 403


@pytest.mark.postgres
def test_a_signature_is_never_changed_or_deleted(case, submitter):
    requisition = Requisition.objects.create(
        case=case,
        allocation_amount=1,
        amount=1,
        organisation_number=case.region.organisation_number,
        diarienummer=case.grant.decision.diarienummer,
        created_by=submitter,
        updated_by=submitter,
        version=1,
    )
    signature = Signature.objects.create(
        kind="requisition",
        requisition=requisition,
        signer=submitter,
        personnummer="199001011239",
        signer_name="Sara Representant",
        acr=LOA3,
        issuer="http://issuer.test",
        auth_time=clock.now(),
        id_token="a.b.c",
        content="{}",
        content_sha256="0" * 64,
    )
    for statement in (
        "UPDATE signatures_signature SET content_sha256 = %s WHERE id = %s",
        "DELETE FROM signatures_signature WHERE id = %s AND %s = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            params = (
                ["1" * 64, signature.pk] if statement.startswith("UPDATE") else [signature.pk, 1, 1]
            )
            cursor.execute(statement, params)
    assert Signature.objects.get().content_sha256 == "0" * 64
