"""The region's to-do list with small fixtures: a step shows while it is open and never
after; a debt shows with its due date and OCR reference and says "Försenad" once late; the
agency's notices show only while current."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from core import clock
from reminders.services import announcement_publish
from tests import factories
from tests.conftest import STOCKHOLM_TZ

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def page_of(client, user, code="01") -> str:
    client.force_login(user)
    response = client.get(f"/region/{code}/")
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).replace(NBSP, " ").split())


def test_the_requisition_is_not_shown_as_open_after_its_deadline(
    client, grant_2025, region_submitter, time_machine
):
    time_machine.move_to(dt.datetime(2025, 11, 20, 10, tzinfo=STOCKHOLM_TZ), tick=False)
    assert "Rekvirera tilldelningen senast 1 december 2025." in page_of(client, region_submitter)
    time_machine.move_to(dt.datetime(2025, 12, 2, 10, tzinfo=STOCKHOLM_TZ), tick=False)
    page = page_of(client, region_submitter)
    assert "Rekvirera tilldelningen" not in page
    assert "Regionen har inget att göra just nu." in page


def test_a_report_due_then_late_says_forsenad(client, paid_case, region_submitter, time_machine):
    page = page_of(client, region_submitter)
    assert "Redovisa hur pengarna har använts senast 27 februari 2026." in page
    assert "Försenad" not in page
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=STOCKHOLM_TZ), tick=False)
    client.force_login(region_submitter)
    html = client.get("/region/01/").content.decode()
    assert '<strong class="status-overdue">Försenad</strong>' in html


def test_a_debt_shows_amount_due_date_and_ocr_and_only_to_its_region(
    client, reported_claim, region_submitter, uppsala, time_machine
):
    page = page_of(client, region_submitter)
    assert f"Betala 800 812 kr senast 31 mars 2026, OCR-nummer {reported_claim.ocr}" in page
    assert "Försenad" not in page
    uppsala_user = factories.region_user(uppsala)
    assert reported_claim.ocr not in page_of(client, uppsala_user, "03")
    assert client.get("/region/01/").status_code in (403, 404)
    time_machine.move_to(dt.datetime(2026, 4, 1, 10, tzinfo=STOCKHOLM_TZ), tick=False)
    assert "Försenad" in page_of(client, region_submitter)


def test_a_notice_shows_only_while_current(client, grant_2025, officer, region_submitter):
    with clock.at(dt.datetime(2025, 9, 15, 9, tzinfo=STOCKHOLM_TZ)):
        for title, until in (
            ("Rekvisitionen är öppen", dt.date(2025, 12, 1)),
            ("Vägledning", None),
        ):
            announcement_publish(
                grant=grant_2025,
                title=title,
                body="Text.",
                attachments=[],
                actor=officer,
                shown_until=until,
            )
    with clock.at(dt.datetime(2025, 12, 1, 15, tzinfo=STOCKHOLM_TZ)):
        page = page_of(client, region_submitter)
        assert "Rekvisitionen är öppen" in page and "Vägledning" in page
    with clock.at(dt.datetime(2025, 12, 2, 8, tzinfo=STOCKHOLM_TZ)):
        page = page_of(client, region_submitter)
        assert "Rekvisitionen är öppen" not in page and "Vägledning" in page
        with pytest.raises(ValidationError) as refused:
            announcement_publish(
                grant=grant_2025,
                title="Sent",
                body="Text.",
                attachments=[],
                actor=officer,
                shown_until=dt.date(2025, 12, 1),
            )
    assert refused.value.message_dict["shown_until"] == [
        "Den dagen har passerat: regionerna skulle aldrig se meddelandet."
    ]
