"""A deadline on a day that is not a working day is shown with a warning and what the
"moves to the next working day" flag gives (lag 1930:173); the officer's choice is logged."""

import datetime as dt
import re

import pytest

from accounts.models import RegionRole
from grants.models import Deadline, DeadlineKind
from grants.services import deadline_set
from records.models import AuditAction, AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", NBSP)


def test_the_grant_page_warns_of_the_sunday_deadline_and_what_the_flag_gives(
    officer_client, grant_2025
):
    page = text_of(officer_client.get("/bidrag/2025/", HTTP_ACCEPT_LANGUAGE="sv"))
    # 31 May 2026, the agency's repayment to Kammarkollegiet, is a Sunday; the flag is off.
    assert "Den 31 maj 2026 (söndag) är ingen arbetsdag." in page
    assert "Med flaggan skulle den gälla till och med 1 juni 2026." in page
    assert "lagen (1930:173) om beräkning av lagstadgad tid" in page
    # Working days get no warning: the 2 June 2025 requisition from Kammarkollegiet is a Monday.
    assert page.count("är ingen arbetsdag") == 1


def test_the_deadline_form_shows_the_warning_before_it_saves_and_logs_the_choice(
    officer_client, grant_2025
):
    url = "/bidrag/2025/tidsfrister/report/"
    post = {"due_date": "2026-03-01", "moves_to_next_working_day": "on", "source_text": "Beslut."}
    first = officer_client.post(url, post, HTTP_ACCEPT_LANGUAGE="sv")
    assert first.status_code == 200
    page = text_of(first)
    assert "Den 1 mars 2026 (söndag) är ingen arbetsdag." in page
    assert "fristen gäller till och med 2 mars 2026" in page
    assert "spara igen för att bekräfta" in page
    assert not Deadline.objects.filter(grant=grant_2025, kind=DeadlineKind.REPORT).exists()
    checked = re.search(r'name="checked_date" value="([^"]*)"', first.content.decode())
    assert checked and checked.group(1) == "2026-03-01"

    confirmed = officer_client.post(url, {**post, "checked_date": checked.group(1)})
    assert confirmed.status_code == 302
    deadline = Deadline.objects.get(grant=grant_2025, kind=DeadlineKind.REPORT)
    assert deadline.effective_date == dt.date(2026, 3, 2)
    event = AuditEvent.objects.filter(action=AuditAction.DEADLINE_SET, data__kind="report").latest(
        "pk"
    )
    assert event.data["after"] == {
        "due_date": "2026-03-01",
        "working_day": False,
        "moves_to_next_working_day": True,
        "effective_date": "2026-03-02",
    }

    # Turning the flag off for the same date: saved at once (the warning is on the page).
    form = officer_client.get(url, HTTP_ACCEPT_LANGUAGE="sv")
    assert "Flaggan ”flyttas till nästa arbetsdag” är satt" in text_of(form)
    officer_client.post(url, {"due_date": "2026-03-01", "checked_date": "2026-03-01"})
    event = AuditEvent.objects.filter(action=AuditAction.DEADLINE_SET).latest("pk")
    assert event.data["before"]["effective_date"] == "2026-03-02"
    assert event.data["after"]["effective_date"] == "2026-03-01"
    assert event.data["after"]["moves_to_next_working_day"] is False


def test_the_region_sees_that_a_sunday_deadline_does_not_move(
    client, grant_2025, stockholm, time_machine
):
    time_machine.move_to(dt.datetime(2025, 11, 20, 10, tzinfo=dt.UTC), tick=False)
    deadline_set(grant=grant_2025, kind=DeadlineKind.REPORT, due_date=dt.date(2026, 3, 1))
    client.force_login(factories.region_user(stockholm, RegionRole.SUBMITTER))
    page = text_of(client.get("/region/01/", HTTP_ACCEPT_LANGUAGE="sv"))
    assert "Den 1 mars 2026 (söndag) är ingen arbetsdag." in page
    assert "Fristen flyttas inte till nästa arbetsdag (2 mars 2026)." in page


def test_the_region_home_gives_a_moved_deadline_its_day_its_note_and_how_far_off_it_is(
    client, grant_2025, stockholm, time_machine
):
    """The start page's table of deadlines (written in Python, portal.where.deadline_rows):
    the date that counts, the note on the Sunday and the days left, in one row."""
    time_machine.move_to(dt.datetime(2025, 11, 20, 10, tzinfo=dt.UTC), tick=False)
    deadline_set(
        grant=grant_2025,
        kind=DeadlineKind.REPORT,
        due_date=dt.date(2026, 3, 1),
        moves_to_next_working_day=True,
    )
    client.force_login(factories.region_user(stockholm, RegionRole.SUBMITTER))
    html = client.get("/region/01/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    row = re.search(
        r'<tr>\s*<th scope="row">Regionernas redovisning av medlen</th>.*?</tr>', html, re.S
    )
    assert row is not None
    cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(0))).strip()
    assert cells == (
        "Regionernas redovisning av medlen 2026-03-02 Obs! Den 1 mars 2026 (söndag) är ingen "
        "arbetsdag. Fristen flyttas till nästa arbetsdag, 2 mars 2026. om 102 dagar"
    )
