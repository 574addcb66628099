"""A case's files in the browser: the region's submitter picks a file that is not what its
name says (refused at the field, the description kept), then a real PDF; it is listed and
downloads as it was handed in; a wrong file is attached and withdrawn again; the officer finds
the file on the case page and downloads it too.
The pages, with their errors, have no axe violations."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from attachments.models import CaseAttachment
from tests.browser.conftest import new_context, sign_in
from tests.browser.pages import check_page
from tests.support.pdfs import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()


def test_attach_a_file_and_download_it_in_the_browser(
    browser, live_server, paid_case, region_submitter, officer, tmp_path
):
    disguised = tmp_path / "revisorns-intyg.pdf"
    disguised.write_bytes(b"MZ\x90\x00 a program named .pdf")
    real = tmp_path / "styrelsens-beslut.pdf"
    real.write_bytes(pdf_bytes("Styrelsens beslut"))
    findings = []

    context = new_context(browser, live_server)
    sign_in(context, live_server, region_submitter)
    page = context.new_page()
    page.goto(f"{live_server.url}/region/01/bidrag/2025/")
    page.get_by_role(
        "link", name="Bifoga filer till rekvisitionen, redovisningen eller ett svar"
    ).click()
    page.wait_for_load_state()
    findings += check_page(AXE, page, "the region's files page").axe
    page.select_option("#id_part", "report")
    page.fill("#id_description", "Styrelsens beslut")
    page.set_input_files("#id_uploads", str(disguised))
    page.get_by_role("button", name="Bifoga").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert "inte någon av de sorter som kan bifogas" in page.content()
    assert page.input_value("#id_description") == "Styrelsens beslut"
    findings += check_page(AXE, page, "the files page showing its errors").axe
    assert not CaseAttachment.objects.exists()
    page.set_input_files("#id_uploads", str(real))
    page.get_by_role("button", name="Bifoga").click()
    page.wait_for_load_state()
    assert "styrelsens-beslut.pdf" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="styrelsens-beslut.pdf").click()
    assert download.value.suggested_filename == "styrelsens-beslut.pdf"
    assert Path(download.value.path()).read_bytes() == pdf_bytes("Styrelsens beslut")
    # A wrong file attached to the draft is withdrawn again; it stays listed as withdrawn.
    wrong = tmp_path / "fel-bilaga.pdf"
    wrong.write_bytes(pdf_bytes("Fel bilaga"))
    page.select_option("#id_part", "report")
    page.set_input_files("#id_uploads", str(wrong))
    page.get_by_role("button", name="Bifoga", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Dra tillbaka fel-bilaga.pdf").click()
    page.wait_for_load_state()
    assert "fel-bilaga.pdf är tillbakadragen" in page.content()
    assert page.get_by_role("button", name="Dra tillbaka styrelsens-beslut.pdf").is_visible()
    assert CaseAttachment.objects.filter(withdrawal__isnull=False).get().attachment.filename == (
        "fel-bilaga.pdf"
    )
    findings += check_page(AXE, page, "the region's files page with a file").axe
    context.close()

    context = new_context(browser, live_server)
    sign_in(context, live_server, officer)
    page = context.new_page()
    page.goto(f"{live_server.url}/handlaggare/bidrag/2025/region/01/")
    assert "inte virussökt" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="styrelsens-beslut.pdf").click()
    assert Path(download.value.path()).read_bytes() == pdf_bytes("Styrelsens beslut")
    page.goto(f"{live_server.url}/handlaggare/bidrag/2025/region/01/bilagor/")
    assert "Tillbakadragen" in page.content()
    findings += check_page(AXE, page, "the officer's files page").axe
    context.close()
    assert not findings, findings
