"""Submitting a requisition by signing with e-ID in the browser, through the real test
provider: the form's button says it signs, the submitter identifies themselves again at the
provider, and comes back to the receipt that shows the signature; the officer checks it.
A signatory who does not match is said at the field, with the form as it was typed. The
pages on the way have no axe violations."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

from accounts.models import RegionRole
from accounts.services import personnummer_bind
from core import clock
from grants.models import DeadlineKind
from grants.services import deadline_set
from requisitions.models import Requisition, RequisitionStatus
from signatures.models import Signature
from tests import factories
from tests.browser.conftest import new_context, sign_in
from tests.browser.pages import check_page
from tests.support.oidc_provider import PASSWORD, SUBMITTER_PNR

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()
PROVIDER_ORIGIN = "http://127.0.0.1:"
FORM = "/region/01/bidrag/2025/rekvisition/"


def at_provider_as(page, username: str) -> None:
    page.wait_for_url(lambda url: url.startswith(PROVIDER_ORIGIN))
    page.get_by_label("Användare").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Identifiera mig").click()
    page.wait_for_url(lambda url: not url.startswith(PROVIDER_ORIGIN))
    page.wait_for_load_state()


def fill_requisition(page, signatory: str) -> None:
    page.check("#id_account_type_0")
    page.fill("#id_account_number", "5050-1055")
    page.check("#id_organisation_number_confirmed")
    page.fill("#id_region_reference", "RS 2025/77")
    page.fill("#id_signatory_name", signatory)
    page.fill("#id_signatory_title", "Ekonomidirektör")
    page.check("#id_attested")


def test_a_requisition_is_signed_and_submitted_in_the_browser(
    browser, live_server, eid, grant_2025, stockholm, officer
):
    deadline_set(
        grant=grant_2025,
        kind=DeadlineKind.REQUISITION,
        due_date=clock.today() + dt.timedelta(days=30),
    )
    submitter = factories.region_user(
        stockholm, RegionRole.SUBMITTER, full_name="Sara Representant", phone="08-123 456 78"
    )
    personnummer_bind(user=submitter, personnummer=SUBMITTER_PNR, how="operator")
    findings = []
    context = new_context(browser, live_server)
    sign_in(context, live_server, submitter)
    page = context.new_page()
    page.goto(FORM)
    fill_requisition(page, signatory="Eva Ekonomidirektör")
    findings += check_page(AXE, page, "the requisition form with signing").axe
    page.get_by_role("button", name="Signera med e-legitimation och skicka in").click()
    at_provider_as(page, "submitter")
    # Not the person named as signatory: said at the field, the form as typed.
    assert page.url == f"{live_server.url}{FORM}"
    assert page.locator("#error-summary").is_visible()
    assert "Den firmatecknare som anges här är Eva Ekonomidirektör" in page.content()
    assert page.input_value("#id_region_reference") == "RS 2025/77"
    findings += check_page(AXE, page, "the form refusing a signature").axe
    assert not Signature.objects.exists()

    page.fill("#id_signatory_name", "Sara Representant")
    page.get_by_role("button", name="Signera med e-legitimation och skicka in").click()
    at_provider_as(page, "submitter")
    assert page.url == f"{live_server.url}{FORM}kvitto/"
    text = page.content()
    assert "Signerad med e-legitimation av" in text
    assert "Sara Representant (900101-XXXX)" in text
    findings += check_page(AXE, page, "the receipt of a signed requisition").axe
    context.close()
    requisition = Requisition.objects.get()
    assert requisition.status == RequisitionStatus.RECEIVED
    signature = Signature.objects.get()

    context = new_context(browser, live_server)
    sign_in(context, live_server, officer)
    page = context.new_page()
    page.goto(f"/handlaggare/rekvisitioner/{requisition.pk}/")
    page.get_by_role("link", name="Kontrollera signaturen").click()
    page.wait_for_load_state()
    assert "Hashen stämmer" in page.content()
    assert signature.content_sha256 in page.content()
    findings += check_page(AXE, page, "the signature's check page").axe
    context.close()
    assert not findings, "\n".join(findings)
