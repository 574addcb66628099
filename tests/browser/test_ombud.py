"""The ombud application end to end in the browser: a representative applies with a PDF (a
file that is not a PDF is refused first, at its field), the officer finds it in the inbox,
downloads the document, confirms the approval, and the applicant is the region's ombud. The
pages on the way, with their errors and the confirmation step, have no axe violations."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from accounts import permissions
from accounts.models import RegionRole, User
from ombud.models import ApplicationStatus, OmbudApplication
from tests import factories
from tests.browser.conftest import new_context, sign_in
from tests.browser.pages import check_page
from tests.support.pdfs import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()


def test_apply_review_and_approve_in_the_browser(
    browser, live_server, stockholm, officer, tmp_path
):
    old = factories.region_user(stockholm, RegionRole.ADMIN, full_name="Olle Ombud")
    applicant = factories.region_user(stockholm, RegionRole.SUBMITTER, full_name="Anna Sökande")
    not_pdf = tmp_path / "intyg.pdf"
    not_pdf.write_bytes(b"<html>inte en pdf</html>")
    real = tmp_path / "delegationsordning.pdf"
    real.write_bytes(pdf_bytes())
    findings = []

    context = new_context(browser, live_server)
    sign_in(context, live_server, applicant)
    page = context.new_page()
    page.goto(reverse("ombud:mine"))
    page.get_by_role("link", name="Ansök om att bli ombud").click()
    page.select_option("#id_region", label="Region Stockholm")
    page.fill("#id_position", "Ekonomichef")
    page.fill("#id_phone", "08-123 456 78")
    page.set_input_files("#id_document", str(not_pdf))
    page.get_by_role("button", name="Skicka ansökan").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert "Filen är inte ett PDF-dokument" in page.content()
    assert page.input_value("#id_position") == "Ekonomichef"
    findings += check_page(AXE, page, "the application form showing its errors").axe
    page.set_input_files("#id_document", str(real))
    page.get_by_role("button", name="Skicka ansökan").click()
    page.wait_for_load_state()
    assert "Din ansökan har tagits emot" in page.content()
    findings += check_page(AXE, page, "the applicant's status page").axe
    context.close()

    application = OmbudApplication.objects.get()
    context = new_context(browser, live_server)
    sign_in(context, live_server, officer)
    page = context.new_page()
    page.goto(reverse("portal:inbox"))
    page.get_by_role("link", name="Besluta om ombudsansökan från Anna Sökande").click()
    page.wait_for_load_state()
    with page.expect_download() as download:
        page.get_by_role("link", name="delegationsordning.pdf").click()
    assert download.value.suggested_filename == "delegationsordning.pdf"
    assert Path(download.value.path()).read_bytes() == pdf_bytes()
    page.get_by_role("button", name="Godkänn ansökan").click()
    page.wait_for_load_state()
    assert "Olle Ombud" in page.content()
    findings += check_page(AXE, page, "the approval's confirmation step").axe
    page.get_by_role("button", name="Bekräfta: Godkänn ansökan").click()
    page.wait_for_load_state()
    assert "Ansökan är godkänd och den sökande har fått besked." in page.content()
    context.close()

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert permissions.region_role(User.objects.get(pk=applicant.pk), stockholm) == RegionRole.ADMIN
    assert permissions.region_role(User.objects.get(pk=old.pk), stockholm) is None
    assert not findings, "\n".join(findings)
