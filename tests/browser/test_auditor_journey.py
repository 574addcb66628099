"""An auditor follows a payment from the decision to the ledger in a real browser, without the
admin site: the start page, the case page and its ledger, the requisition with its decision,
and the audit trail filtered to the release."""

import pytest

from records.models import AuditAction
from requisitions.models import Requisition
from tests import factories
from tests.browser.keyboard import authenticator, log_in, main_text

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_auditor_follows_a_payment_to_the_ledger(page, live_server, paid_case):
    auditor = factories.auditor(full_name="Rut Revisor")
    authenticator(auditor)
    assert log_in(page, auditor)
    assert page.url.endswith("/granskning/")
    assert "/admin/" not in page.url

    page.get_by_role("link", name="Region Stockholm", exact=True).click()
    page.wait_for_url("**/handlaggare/bidrag/2025/region/01/")
    text = main_text(page)
    assert "Utbetalt 115 800 812" in text
    assert "Reskontran stämmer." in text
    assert page.locator("main form[method=post]").count() == 0

    page.locator("main").get_by_role("link", name="Rekvisition", exact=True).click()
    requisition = Requisition.objects.get(case=paid_case)
    page.wait_for_url(f"**/{requisition.pk}/**")
    decision_pdf = f"/dokument/{requisition.payment_decision.document_id}/"
    assert page.locator(f"main a[href='{decision_pdf}']").count() >= 1
    assert page.locator("main form[method=post]").count() == 0

    page.locator(".site-nav").get_by_role("link", name="Granskningslogg").click()
    page.get_by_label("Händelse", exact=True).select_option(AuditAction.PAYMENT_RELEASED.value)
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_load_state()
    text = main_text(page)
    assert "1 händelse" in text
    assert "Utbetalning verkställd Andra Handläggaren" in text
