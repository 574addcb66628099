"""A message round trip in the browser: the region's representative writes (a file that is
not a PDF is refused first, at its field, keeping the text), the officer finds the message
in the inbox, reads it, downloads its file and answers; the region's start page counts the
answer until the representative reads it. The e-mails carry only a link. Both pages, with
their errors, have no axe violations and reflow at 320 px."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from conversations.models import Message
from notifications.models import Email
from tests.browser.conftest import new_context, sign_in
from tests.browser.pages import check_page
from tests.support.pdfs import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()
QUESTION = "Får kostnaden för handledning räknas till 2025 års medel?"
ANSWER = "Ja, om handledningen gavs under 2025. Ange den under stegvis vård."
REGION_PAGE = "/region/01/bidrag/2025/meddelanden/"
OFFICER_PAGE = "/handlaggare/bidrag/2025/region/01/meddelanden/"


def test_a_message_round_trip_in_the_browser(
    browser, live_server, grant_2025, region_submitter, officer, tmp_path
):
    not_pdf = tmp_path / "faktura.pdf"
    not_pdf.write_bytes(b"<html>inte en pdf</html>")
    real = tmp_path / "faktura-handledning.pdf"
    real.write_bytes(pdf_bytes("Faktura"))
    findings = []

    context = new_context(browser, live_server)
    sign_in(context, live_server, region_submitter)
    page = context.new_page()
    page.goto(reverse("regions:case", kwargs={"county_code": "01", "year": 2025}))
    page.get_by_role("link", name="Meddelanden med Socialstyrelsen om det här ärendet").click()
    page.wait_for_load_state()
    assert page.url.endswith(REGION_PAGE)
    findings += check_page(AXE, page, "the region's conversation, empty").axe
    page.fill("#id_body", QUESTION)
    page.set_input_files("#id_attachments", str(not_pdf))
    page.get_by_role("button", name="Skicka meddelandet").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert "Filen är inte ett PDF-dokument" in page.content()
    assert page.input_value("#id_body") == QUESTION
    findings += check_page(AXE, page, "the region's conversation showing its errors").axe
    page.set_input_files("#id_attachments", str(real))
    page.get_by_role("button", name="Skicka meddelandet").click()
    page.wait_for_load_state()
    assert "Ditt meddelande är skickat." in page.content()
    assert QUESTION in page.content()
    context.close()

    told = Email.objects.get(to=officer.email)
    for part in (told.subject, told.body_text, told.body_html):
        assert QUESTION not in part and "faktura" not in part
    assert OFFICER_PAGE in told.body_text

    context = new_context(browser, live_server)
    sign_in(context, live_server, officer)
    page = context.new_page()
    page.goto(reverse("portal:inbox"))
    page.get_by_role("link", name="1 oläst meddelande från regionen").click()
    page.wait_for_load_state()
    assert page.url.endswith(OFFICER_PAGE)
    assert QUESTION in page.content()
    assert page.get_by_text("Ny", exact=True).is_visible()
    findings += check_page(AXE, page, "the officers' conversation").axe
    with page.expect_download() as download:
        page.get_by_role("link", name="faktura-handledning.pdf").click()
    assert Path(download.value.path()).read_bytes() == pdf_bytes("Faktura")
    page.fill("#id_body", "")
    page.get_by_role("button", name="Skicka meddelandet").click()
    page.wait_for_load_state()
    assert "Skriv ett meddelande." in page.content()
    findings += check_page(AXE, page, "the officers' conversation showing its errors").axe
    page.fill("#id_body", ANSWER)
    page.get_by_role("button", name="Skicka meddelandet").click()
    page.wait_for_load_state()
    assert "Ditt meddelande är skickat." in page.content()
    page.goto(reverse("portal:inbox"))
    assert "1 oläst meddelande från regionen" not in page.content()
    context.close()

    assert Message.objects.count() == 2
    told = Email.objects.get(to=region_submitter.email)
    assert ANSWER not in told.body_text and REGION_PAGE in told.body_text

    context = new_context(browser, live_server)
    sign_in(context, live_server, region_submitter)
    page = context.new_page()
    page.goto(reverse("regions:home", kwargs={"county_code": "01"}))
    page.get_by_role("link", name="1 oläst meddelande om statsbidrag 2025").click()
    page.wait_for_load_state()
    assert ANSWER in page.content()
    page.goto(reverse("regions:home", kwargs={"county_code": "01"}))
    assert "Olästa meddelanden från Socialstyrelsen" not in page.content()
    context.close()
    assert not findings, "\n".join(findings)
