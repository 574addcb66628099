"""A region sees its to-do list and its debt in a real browser: a year's steps done, the
requisition closed and not offered, the amount it kept unpaid after its due date marked
"Försenad" in words and in colour, and one click to how to pay it (issue 15)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts.models import RegionRole
from repayments.models import Claim, ClaimKind
from tests import factories
from tests.browser.keyboard import log_in, main_text

pytestmark = pytest.mark.django_db(transaction=True)

STOCKHOLM_TZ = ZoneInfo("Europe/Stockholm")


def test_a_region_sees_what_it_must_do_and_what_it_owes(
    page, live_server, approved_case, time_machine
):
    # Stockholm reported 800 812 kr not used, due 2026-03-31; three weeks later it is unpaid.
    time_machine.move_to(dt.datetime(2026, 4, 21, 9, 0, tzinfo=STOCKHOLM_TZ), tick=True)
    claim = Claim.objects.get(case=approved_case, kind=ClaimKind.REPORTED)
    admin = factories.region_user(approved_case.region, RegionRole.ADMIN, full_name="Sara Ombud")

    log_in(page, admin)
    page.wait_for_url("**/region/01/")
    to_do = page.locator("main ul.to-do > li")
    assert to_do.count() == 1  # the debt, and nothing else: requisition and report are done
    item = " ".join(to_do.first.inner_text().split())
    assert "800 812 kr" in item
    assert claim.ocr in item
    assert "Försenad" in item
    # The word is also marked in colour: not the colour of the text around it.
    overdue = to_do.first.locator(".status-overdue")
    colour = overdue.evaluate("e => getComputedStyle(e).color")
    around = to_do.first.evaluate("e => getComputedStyle(e).color")
    assert colour != around
    # The closed requisition is not offered anywhere on the page.
    assert page.locator("main a[href$='/rekvisition/']").count() == 0
    assert "Rekvirera" not in main_text(page)

    to_do.first.get_by_role("link", name="Så återbetalar ni").click()
    page.wait_for_url("**/region/01/bidrag/2025/aterbetalning/")
    text = main_text(page)
    assert "Kvar att betala 800 812 kr" in text
    assert f"OCR {claim.ocr}" in text
    assert "5050-1055" in text  # the agency's bankgiro
    assert "Försenad" in text
