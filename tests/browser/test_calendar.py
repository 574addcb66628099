"""The deadline calendar in a real browser: a region admin finds the calendar from the
region's start page, makes an address, copies it with the button, and a calendar
application (another client, no cookies) fetches the feed and reads the right days; then
the admin renews it, confirming first, and the old address answers 404. The page, the
address shown and the confirmation have no axe findings and reflow at 320 px."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from icalendar import Calendar
from playwright.sync_api import expect

from accounts.models import RegionRole
from tests import factories
from tests.browser.keyboard import log_in, main_text
from tests.browser.pages import Findings, check_page

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Axe()


def fetch(browser, url: str):
    """As a calendar application: its own client, without the user's cookies."""
    app = browser.new_context()
    try:
        response = app.request.get(url)
        return response.status, response.headers.get("content-type"), response.body()
    finally:
        app.close()


def test_a_region_admin_subscribes_copies_and_renews_the_calendar(
    browser, context, live_server, paid_case
):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    admin = factories.region_user(paid_case.region, RegionRole.ADMIN, full_name="Sara Ombud")
    log_in(page, admin)
    page.goto("/region/01/")
    page.get_by_role("link", name="Lägg in regionens tidsfrister i din kalender").click()
    assert page.get_by_role("heading", name="Tidsfrister i din kalender").is_visible()
    findings = Findings()
    findings += check_page(AXE, page, "the calendar page")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Skapa en adress").click()
    field = page.get_by_label("Kalenderadress")
    address = field.input_value()
    assert address.startswith(f"{live_server.url}/kalender/") and address.endswith(".ics")
    page.get_by_role("button", name="Kopiera adressen").click()
    expect(page.get_by_text("Kopierad.")).to_be_visible()  # the clipboard answers later
    assert page.evaluate("navigator.clipboard.readText()") == address
    findings += check_page(AXE, page, "the calendar page with the new address")
    page.set_viewport_size({"width": 1280, "height": 900})

    status, content_type, body = fetch(browser, address)
    assert status == 200
    assert content_type == "text/calendar; charset=utf-8"
    days = {
        str(event["SUMMARY"]): event["DTSTART"].dt
        for event in Calendar.from_ical(body).walk("VEVENT")
    }
    assert days["Sista dag att rekvirera: Statsbidrag 2025"] == dt.date(2025, 12, 1)
    assert days["Sista dag att redovisa: Statsbidrag 2025"] == dt.date(2026, 2, 27)

    # Later the address is not shown again; renewing asks first.
    page.goto("/konto/kalender/")
    assert address not in page.content()
    page.get_by_role("button", name="Förnya adressen").click()
    assert "slutar fungera direkt" in main_text(page)
    findings += check_page(AXE, page, "the confirmation to renew")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Bekräfta: Förnya adressen").click()
    renewed = page.get_by_label("Kalenderadress").input_value()
    assert renewed != address
    assert fetch(browser, address)[0] == 404
    assert fetch(browser, renewed)[0] == 200
    assert not findings.axe and not findings.reflow, "\n".join(findings.axe + findings.reflow)
