"""The whole life of one grant for one region, in a real browser with real logins: the region
requisitions, one officer decides the payment, a second officer releases it (confirming who
they are again), the region reports with money left over, an officer claims money back, and an
auditor looks through the admin site without being able to change anything."""

import datetime as dt

import pytest

from accounts.models import RegionRole
from grants.models import DeadlineKind
from grants.services import deadline_set
from records.models import AuditAction, AuditEvent
from repayments.models import Claim, ClaimGround, ClaimKind
from reports.models import Report, ReportStatus
from requisitions.models import Requisition, RequisitionStatus
from tests import factories
from tests.browser.keyboard import authenticator, code_for, log_in, main_text
from tests.conftest import STOCKHOLM_TZ

pytestmark = pytest.mark.django_db(transaction=True)

ALLOCATION = 11_580_081_200  # öre: Stockholm's allocation in the 2025 decision
USED = 11_500_000_000  # öre: what the region reports as used
RECOVERED = 100_000_000  # öre: what the officer finds was not used after all


def test_a_grant_from_requisition_to_audit(
    context, page, live_server, grant_2025, stockholm, time_machine
):
    time_machine.move_to(dt.datetime(2025, 11, 20, 9, 30, tzinfo=STOCKHOLM_TZ), tick=True)
    contact = factories.region_user(
        stockholm, RegionRole.SUBMITTER, full_name="Sara Representant", phone="08-123 456 78"
    )
    decider = factories.officer(full_name="Olle Handläggare")
    releaser = factories.officer(full_name="Andra Handläggaren")
    auditor = factories.auditor(full_name="Rut Revisor")
    for staff in (decider, releaser, auditor):
        authenticator(staff)  # each set up an authenticator app at their first login

    # The region's contact requisitions the allocation.
    assert not log_in(page, contact)  # a region user without an authenticator: password only
    assert page.url.endswith("/region/01/")
    page.get_by_role("link", name="Gå till rekvisitionen").click()
    assert "115 800 812 kr" in main_text(page)
    page.get_by_label("Bankgiro", exact=True).check()
    page.locator("[name=account_number]").fill("5050-1055")
    page.locator("[name=organisation_number_confirmed]").check()
    page.locator("[name=signatory_name]").fill("Eva Ekonomidirektör")
    page.locator("[name=signatory_title]").fill("Ekonomidirektör")
    page.locator("[name=attested]").check()
    page.get_by_role("button", name="Skicka in rekvisitionen").click()
    page.wait_for_url("**/rekvisition/kvitto/")
    assert "Socialstyrelsen tog emot er rekvisition den 20 november 2025 kl. " in main_text(page)
    context.clear_cookies()  # the next person at the same computer
    requisition = Requisition.objects.get()

    # The first officer finds it in the queue and decides to pay.
    assert log_in(page, decider)  # staff always give the code
    # They start from their inbox: the requisition waits to be decided.
    assert page.url.endswith("/handlaggare/inkorg/")
    assert "Rekvisitioner att besluta om (1)" in main_text(page)
    page.get_by_role("link", name="Besluta om rekvisitionen").click()
    review = main_text(page)
    assert "Inom tilldelningen" in review
    assert "Organisationsnumret är regionens" in review
    page.get_by_role("button", name="Besluta om utbetalning").click()
    page.wait_for_load_state()
    # The confirmation step: what is paid, to whom and where; nothing is decided yet.
    step = main_text(page)
    assert "Inget har hänt ännu." in step and "Bankgiro" in step
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.RECEIVED
    page.get_by_role("button", name="Bekräfta: Besluta om utbetalning").click()
    page.wait_for_load_state()
    assert "Utbetalningen är beslutad." in main_text(page)
    # The four-eyes principle: the one who decided cannot release.
    assert page.get_by_role("button", name="Verkställ utbetalningen").count() == 0
    assert "En annan handläggare måste verkställa den" in main_text(page)
    context.clear_cookies()

    # The second officer logs in, is called away, and comes back after 16 minutes: releasing
    # a payment needs a login younger than 15 minutes, so they confirm who they are again.
    assert log_in(page, releaser)
    # The payment waits in the second officer's inbox (never in the decider's).
    assert "Utbetalningar som väntar på att verkställas (1)" in main_text(page)
    page.get_by_role("link", name="Verkställ utbetalningen").click()
    page.wait_for_url(f"**/handlaggare/rekvisitioner/{requisition.pk}/")
    time_machine.shift(dt.timedelta(minutes=16))
    page.get_by_label("Betalningsdag").fill("2025-11-21")
    page.get_by_role("button", name="Verkställ utbetalningen").click()
    page.wait_for_url("**/konto/bekrafta/**")
    assert page.get_by_role("heading", name="Bekräfta att det är du").is_visible()
    requisition.refresh_from_db()
    assert requisition.status == RequisitionStatus.APPROVED  # nothing released yet
    page.get_by_label("Lösenord").fill(factories.PASSWORD)
    page.get_by_label("Kod från din autentiseringsapp").fill(code_for(releaser))
    page.get_by_role("button", name="Bekräfta").click()
    page.wait_for_url(f"**/handlaggare/rekvisitioner/{requisition.pk}/")
    assert "Tack. Du kan fortsätta." in main_text(page)
    page.get_by_label("Betalningsdag").fill("2025-11-21")
    page.get_by_role("button", name="Verkställ utbetalningen").click()
    page.wait_for_load_state()
    assert "2025-11-21" in main_text(page)
    page.get_by_role("button", name="Bekräfta: Verkställ utbetalningen").click()
    page.wait_for_load_state()
    review = main_text(page)
    assert "Utbetalningen är verkställd." in review
    assert "Verkställd av Andra Handläggaren för betalning den 21 november 2025" in review
    context.clear_cookies()

    # In February the region reports: most of the money used, 800 812 kr left over.
    deadline_set(
        grant=grant_2025, kind=DeadlineKind.REPORT, due_date=dt.date(2026, 2, 27), actor=decider
    )
    time_machine.move_to(dt.datetime(2026, 2, 2, 10, tzinfo=STOCKHOLM_TZ), tick=True)
    assert not log_in(page, contact)
    page.get_by_role("link", name="Gå till redovisningen").click()
    page.locator("[name=amount_used]").fill("115 000 000")
    page.locator("[name=bookkeeping]").fill("Eget projektnummer i huvudboken.")
    page.locator("[name=certifier_name]").fill("Eva Ekonomichef")
    page.locator("[name=certifier_title]").fill("Ekonomichef")
    page.locator("[name=certified]").check()
    page.locator("[name=stepped_care_selected]").check()
    page.locator("[name=stepped_care_amount]").fill("60 000 000")
    page.locator("[name=stepped_care_description]").fill("Stegvis vård på alla vårdcentraler.")
    page.get_by_label("Vuxna").check()
    page.locator("[name=gender_equality]").fill("Uppföljning per kön.")
    page.locator("[name=child_rights]").fill("Barnets bästa har prövats.")
    page.locator("[name=disability]").fill("Tillgängliga lokaler.")
    page.get_by_role("button", name="Skicka in redovisningen").click()
    page.wait_for_load_state()
    report_page = main_text(page)
    assert "Redovisningen är inskickad. Socialstyrelsen granskar den." in report_page
    assert "800 812 kr" in report_page
    context.clear_cookies()

    # An officer finds that 1 000 000 kr reported as used was not used either, and claims it
    # back on top of what the region itself reported as left over.
    assert log_in(page, decider)
    page.goto("/handlaggare/bidrag/2025/region/01/")
    page.get_by_role("link", name="Besluta om återkrav").click()
    page.get_by_label("Belopp att kräva åter (kronor)").fill("1 000 000")
    page.get_by_label("Medlen har inte använts", exact=True).check()
    page.get_by_label("Skäl").fill(
        "Enligt huvudboken har 1 000 000 kr av det redovisade inte använts."
    )
    page.get_by_role("button", name="Besluta om återkravet").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Bekräfta: Besluta om återkravet").click()
    page.wait_for_load_state()
    assert "Återkravet på 1 000 000 kr är beslutat och skickat till regionen." in main_text(page)
    context.clear_cookies()

    # The auditor reads the requisition in the admin site and can change nothing.
    assert log_in(page, auditor)
    # Auditors start on their own read-only page, which leads to the admin site too.
    assert page.url.endswith("/granskning/")
    page.locator("main").get_by_role("link", name="Administrationssidan (alla uppgifter)").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", name="Handlingar och inställningar").is_visible()
    page.locator("#content-main").get_by_role("link", name="Rekvisitioner", exact=True).click()
    page.locator("#result_list tbody").get_by_role("link", name="Region Stockholm").click()
    page.wait_for_url(f"**/admin/requisitions/requisition/{requisition.pk}/change/")
    # Every field is shown as text, and the only way out is "Stäng" (close).
    assert page.locator("#content .readonly", has_text="5050-1055").count() == 1
    assert page.locator("#content .readonly", has_text="Eva Ekonomidirektör").count() == 1
    assert page.locator(".submit-row").get_by_role("link", name="Stäng").is_visible()
    assert page.locator("#content form input[type=submit]").count() == 0
    assert page.locator("#content form input:not([type=hidden]), #content textarea").count() == 0

    # What is stored: one requisition, paid once, the report, both claims in öre.
    requisition = Requisition.objects.get()
    assert requisition.status == RequisitionStatus.PAID
    disbursement = requisition.payment_decision.disbursement
    assert (disbursement.released_by, disbursement.payment_date) == (
        releaser,
        dt.date(2025, 11, 21),
    )
    assert requisition.payment_decision.decided_by == decider
    report = Report.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    assert (report.amount_received, report.amount_used) == (ALLOCATION, USED)
    assert report.amount_unused == ALLOCATION - USED
    reported = Claim.objects.get(kind=ClaimKind.REPORTED)
    assert reported.amount == ALLOCATION - USED
    recovery = Claim.objects.get(kind=ClaimKind.RECOVERY)
    assert (recovery.amount, recovery.ground, recovery.decided_by) == (
        RECOVERED,
        ClaimGround.NOT_USED,
        decider,
    )
    assert AuditEvent.objects.filter(action=AuditAction.RECOVERY_CLAIM_DECIDED).count() == 1
