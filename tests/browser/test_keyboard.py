"""A region's submitter requisitions and reports with the keyboard alone: Tab, Enter, Space and
typing. After a failed submit the error summary has focus, its link takes focus to the field,
and every stop on the way shows where the focus is."""

import datetime as dt

import pytest

from accounts.models import RegionRole
from reports.models import Report, ReportStatus
from requisitions.models import Requisition, RequisitionStatus
from tests import factories
from tests.browser.keyboard import (
    assert_focus_visible,
    clear_and_type,
    focused,
    main_text,
    press_and_load,
    tab_to,
)
from tests.conftest import STOCKHOLM_TZ

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_DEADLINE = dt.datetime(2025, 11, 20, 10, tzinfo=STOCKHOLM_TZ)


def log_in_with_keyboard(page, user) -> None:
    page.goto("/konto/logga-in/")
    # The e-mail field has focus from the start (autofocus).
    assert focused(page)["name"] == "E-postadress*"
    assert_focus_visible(page)
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    assert focused(page)["name"].startswith("Lösenord")
    assert_focus_visible(page)
    page.keyboard.type(factories.PASSWORD)
    press_and_load(page)
    page.wait_for_url("**/region/01/")


def assert_error_summary_has_focus(page, message: str) -> None:
    info = assert_focus_visible(page)
    assert info["id"] == "error-summary", info
    summary = page.locator("#error-summary")
    assert "Det finns ett problem" in summary.inner_text()
    assert message in summary.inner_text()


def follow_summary_link(page, message: str) -> dict:
    """Tab from the summary to the link naming the problem and follow it with Enter."""
    tab_to(page, message, limit=10)
    page.keyboard.press("Enter")
    return assert_focus_visible(page)


def test_requisition_with_the_keyboard_alone(
    page, live_server, grant_2025, stockholm, time_machine
):
    time_machine.move_to(BEFORE_DEADLINE, tick=True)
    submitter = factories.region_user(
        stockholm,
        RegionRole.SUBMITTER,
        full_name="Sara Representant",
        phone="08-123 456 78",
    )
    log_in_with_keyboard(page, submitter)

    tab_to(page, "Gå till rekvisitionen")
    press_and_load(page)
    page.wait_for_url("**/rekvisition/")

    # The amount is filled in with the allocation, the contact with the user's own details.
    # Leave out the kind of account, as one easily does.
    tab_to(page, "Bankgiro- eller plusgironummer")
    page.keyboard.type("5050-1055")
    tab_to(page, "Regionens organisationsnummer är")
    page.keyboard.press("Space")
    tab_to(page, "Behörig firmatecknare")
    page.keyboard.type("Eva Ekonomidirektör")
    page.keyboard.press("Tab")
    page.keyboard.type("Ekonomidirektör")
    tab_to(page, "Jag intygar")
    page.keyboard.press("Space")
    tab_to(page, "Skicka in rekvisitionen")
    press_and_load(page)

    assert_error_summary_has_focus(page, "Välj bankgiro eller plusgiro.")
    field = follow_summary_link(page, "Välj bankgiro eller plusgiro.")
    assert (field["id"], field["type"], field["name"]) == ("id_account_type_0", "radio", "Bankgiro")
    page.keyboard.press("Space")
    assert page.locator("#id_account_type_0").is_checked()
    tab_to(page, "Skicka in rekvisitionen")
    press_and_load(page)

    page.wait_for_url("**/rekvisition/kvitto/")
    assert page.get_by_role("heading", name="Kvitto: rekvisitionen har kommit in").is_visible()
    assert "Socialstyrelsen tog emot er rekvisition den 20 november 2025 kl. " in main_text(page)
    requisition = Requisition.objects.get(case__region__county_code="01")
    assert requisition.status == RequisitionStatus.RECEIVED
    assert (requisition.account_type, requisition.account_number) == ("bankgiro", "5050-1055")
    assert requisition.attested


def test_report_with_the_keyboard_alone(page, live_server, paid_case, region_submitter):
    log_in_with_keyboard(page, region_submitter)

    tab_to(page, "Gå till redovisningen")
    press_and_load(page)
    page.wait_for_url("**/redovisning/")

    # Everything but the amount used, which the submitter forgets.
    tab_to(page, "Hur statsbidraget hålls isär i bokföringen")
    page.keyboard.type("Eget projektnummer i huvudboken.")
    page.keyboard.press("Tab")
    page.keyboard.type("Eva Ekonomichef")
    page.keyboard.press("Tab")
    page.keyboard.type("Ekonomichef")
    tab_to(page, "Jag intygar")
    page.keyboard.press("Space")
    # The first purpose, "Stegvisa vårdmodeller" (its name is the fieldset's legend).
    purpose = tab_to(page, "Pengarna gick till det här ändamålet")
    while purpose["id"] != "id_stepped_care_selected":  # past the purposes before it
        purpose = tab_to(page, "Pengarna gick till det här ändamålet")
    page.keyboard.press("Space")
    tab_to(page, "Vad som har gjorts")
    page.keyboard.type("Stegvis vård på alla vårdcentraler.")
    tab_to(page, "Vuxna")
    page.keyboard.press("Space")
    tab_to(page, "jämställdheten")
    page.keyboard.type("Uppföljning per kön.")
    page.keyboard.press("Tab")
    page.keyboard.type("Barnets bästa har prövats.")
    page.keyboard.press("Tab")
    page.keyboard.type("Tillgängliga lokaler.")
    tab_to(page, "Skicka in redovisningen")
    press_and_load(page)

    assert_error_summary_has_focus(page, "Ange använt belopp (0 om inget har använts).")
    field = follow_summary_link(page, "Ange använt belopp")
    assert field["id"] == "id_amount_used"
    clear_and_type(page, "115 000 000")
    # Enter in a text field submits with the form's first button, "Skicka in redovisningen".
    press_and_load(page)

    assert "Redovisningen är inskickad. Socialstyrelsen granskar den." in main_text(page)
    report = Report.objects.get(case=paid_case)
    assert report.status == ReportStatus.SUBMITTED
    assert report.amount_used == 11_500_000_000
