"""The deadline calendar end to end: a user makes their address on their page, a calendar
application (no session) fetches it, and the feed is parsed back with icalendar. The dates
are whole days in Stockholm, the titles Swedish, each event links to the page to act on and
reminds; a moved deadline keeps its UID; a region's feed holds nothing of another region's;
a renewed address or an ended role stops the old one at once."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from accounts.calendar import Feed, calendar_address_issue
from accounts.models import CalendarToken, RegionRole
from accounts.services import membership_set
from grants.models import DeadlineKind, Decision, DecisionStatus
from grants.services import deadline_set, decision_mark_decided
from records.models import AuditAction, AuditEvent
from tests import factories
from tests.conftest import STOCKHOLM_TZ
from tests.grants.rounds import register_2026

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r'value="(http://testserver/kalender/[A-Za-z0-9_-]+\.ics)"')


def make_address(client, user, feed: str) -> str:
    """Make (or, confirmed, renew) the address on the user's page, as they would."""
    client.force_login(user)
    response = client.post("/konto/kalender/", {"feed": feed, "confirm": "1"})
    assert response.status_code == 200
    found = ADDRESS.search(response.content.decode())
    assert found, response.content.decode()
    return found.group(1)


def fetch(address: str, **headers):
    """As a calendar application: no cookies, no session."""
    return Client().get(address.removeprefix("http://testserver"), **headers)


def parsed(address: str) -> Calendar:
    response = fetch(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    """The events by their title."""
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def day_of(event, name="DTSTART") -> dt.date:
    value = event[name].dt
    # A whole day is a date, never a moment that a calendar would move between time zones.
    assert type(value) is dt.date, value
    return value


def test_a_region_users_feed_holds_its_deadlines_and_debts_as_whole_swedish_days(
    client, reported_claim, region_submitter
):
    address = make_address(client, region_submitter, "01")
    calendar = parsed(address)
    assert str(calendar["VERSION"]) == "2.0"
    assert "Statsbidrag" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Statsbidrag: tidsfrister för Region Stockholm"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Stockholm"
    found = events(calendar)
    expected = {
        "Sista dag att rekvirera: Statsbidrag 2025": (
            dt.date(2025, 12, 1),
            "http://testserver/region/01/bidrag/2025/rekvisition/",
        ),
        "Sista dag att redovisa: Statsbidrag 2025": (
            dt.date(2026, 2, 27),
            "http://testserver/region/01/bidrag/2025/redovisning/",
        ),
        "Sista dag att återbetala outnyttjade medel: Statsbidrag 2025": (
            dt.date(2026, 3, 31),
            "http://testserver/region/01/bidrag/2025/aterbetalning/",
        ),
        f"Återbetalning förfaller (OCR {reported_claim.ocr}): Statsbidrag 2025": (
            dt.date(2026, 3, 31),
            "http://testserver/region/01/bidrag/2025/aterbetalning/",
        ),
    }
    assert set(found) == set(expected)
    for summary, (day, url) in expected.items():
        event = found[summary]
        assert day_of(event) == day, summary
        assert day_of(event, "DTEND") == day + dt.timedelta(days=1), summary
        assert str(event["URL"]) == url
        assert url in str(event["DESCRIPTION"])
        alarms = event.walk("VALARM")
        assert {str(alarm["ACTION"]) for alarm in alarms} == {"DISPLAY"}
        assert sorted(alarm["TRIGGER"].dt for alarm in alarms) == [
            dt.timedelta(days=-7),
            dt.timedelta(hours=-15),
        ]
    # The agency's own deadlines are not the region's business.
    assert "Kammarkollegiet" not in fetch(address).content.decode()
    raw = fetch(address).content.decode()
    assert "DTSTART;VALUE=DATE:20251201" in raw
    assert "DTEND;VALUE=DATE:20251202" in raw


def test_the_dates_do_not_move_around_midnight_or_the_change_to_summer_time(
    client, paid_case, region_submitter, time_machine
):
    address = make_address(client, region_submitter, "01")
    moments = [
        # 00:30 in Stockholm on 1 December is still 30 November in UTC.
        dt.datetime(2025, 11, 30, 23, 30, tzinfo=dt.UTC),
        dt.datetime(2025, 12, 1, 23, 59, tzinfo=STOCKHOLM_TZ),
        # The clocks go forward at 02:00 on 29 March 2026.
        dt.datetime(2026, 3, 29, 1, 30, tzinfo=STOCKHOLM_TZ),
        dt.datetime(2026, 3, 29, 3, 30, tzinfo=STOCKHOLM_TZ),
        dt.datetime(2026, 10, 25, 2, 30, tzinfo=STOCKHOLM_TZ),
    ]
    for moment in moments:
        time_machine.move_to(moment, tick=False)
        found = events(parsed(address))
        assert day_of(found["Sista dag att rekvirera: Statsbidrag 2025"]) == dt.date(2025, 12, 1)
        assert day_of(found["Sista dag att redovisa: Statsbidrag 2025"]) == dt.date(2026, 2, 27)


def test_a_moved_deadline_updates_the_same_event(
    client, paid_case, grant_2025, region_submitter, officer, time_machine
):
    address = make_address(client, region_submitter, "01")
    before = events(parsed(address))["Sista dag att redovisa: Statsbidrag 2025"]
    moved_at = before["LAST-MODIFIED"].dt + dt.timedelta(days=1)
    time_machine.move_to(moved_at, tick=False)
    deadline_set(
        grant=grant_2025, kind=DeadlineKind.REPORT, due_date=dt.date(2026, 3, 13), actor=officer
    )
    after = events(parsed(address))["Sista dag att redovisa: Statsbidrag 2025"]
    assert str(after["UID"]) == str(before["UID"])
    assert day_of(before) == dt.date(2026, 2, 27)
    assert day_of(after) == dt.date(2026, 3, 13)
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after["LAST-MODIFIED"].dt == after["DTSTAMP"].dt == moved_at


def test_a_deadline_that_moves_to_the_next_working_day_is_on_that_day(client, grant_2025, officer):
    # 31 May 2026 is a Sunday: with the flag the last day is Monday 1 June.
    deadline_set(
        grant=grant_2025,
        kind=DeadlineKind.AGENCY_REPAYMENT,
        due_date=dt.date(2026, 5, 31),
        moves_to_next_working_day=True,
        actor=officer,
    )
    address = make_address(client, officer, "agency")
    event = events(parsed(address))[
        "Sista dag för återbetalning och ekonomisk redovisning till Kammarkollegiet: "
        "Statsbidrag 2025"
    ]
    assert day_of(event) == dt.date(2026, 6, 1)
    assert "31 maj 2026" in str(event["DESCRIPTION"])


def test_the_officers_feed_has_every_grants_deadlines_and_the_agencys_own(
    client, paid_case, officer
):
    address = make_address(client, officer, "agency")
    calendar = parsed(address)
    assert str(calendar["X-WR-CALNAME"]) == "Statsbidrag: tidsfrister för alla statsbidrag"
    found = {
        summary: (day_of(event), str(event["URL"])) for summary, event in events(calendar).items()
    }
    assert found == {
        "Sista dag att rekvirera medlen från Kammarkollegiet: Statsbidrag 2025": (
            dt.date(2025, 6, 2),
            "http://testserver/bidrag/2025/paminnelser/",
        ),
        "Regionernas sista dag att rekvirera: Statsbidrag 2025": (
            dt.date(2025, 12, 1),
            "http://testserver/handlaggare/rekvisitioner/",
        ),
        "Regionernas sista dag att redovisa: Statsbidrag 2025": (
            dt.date(2026, 2, 27),
            "http://testserver/handlaggare/bidrag/2025/redovisningar/",
        ),
        "Regionernas sista dag att återbetala outnyttjade medel: Statsbidrag 2025": (
            dt.date(2026, 3, 31),
            "http://testserver/handlaggare/aterbetalningar/",
        ),
        "Sista dag för återbetalning och ekonomisk redovisning till Kammarkollegiet: "
        "Statsbidrag 2025": (dt.date(2026, 5, 31), "http://testserver/bidrag/2025/paminnelser/"),
        "Sista dag för redovisningen till Regeringskansliet: Statsbidrag 2025": (
            dt.date(2026, 6, 30),
            "http://testserver/bidrag/2025/paminnelser/",
        ),
    }
    for event in calendar.walk("VEVENT"):
        assert event.walk("VALARM")


def test_a_regions_feed_holds_nothing_of_another_region(
    client, reported_claim, region_submitter, uppsala
):
    uppsala_user = factories.region_user(uppsala, RegionRole.PREPARER)
    stockholm = fetch(make_address(client, region_submitter, "01")).content.decode()
    other = fetch(make_address(client, uppsala_user, "03")).content.decode()
    assert "/region/01/" in stockholm and "/region/03/" not in stockholm
    assert "/region/03/" in other and "/region/01/" not in other
    assert reported_claim.ocr in stockholm and reported_claim.ocr not in other
    assert "Region Stockholm" not in other


def test_the_feed_is_swedish_whatever_language_the_calendar_asks_for(
    client, grant_2025, region_submitter
):
    address = make_address(client, region_submitter, "01")
    english = fetch(address, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sista dag att rekvirera: Statsbidrag 2025" in english


# --- Access ---------------------------------------------------------------------------------


def test_renewing_asks_first_then_the_old_address_stops_at_once(
    client, grant_2025, region_submitter
):
    first = make_address(client, region_submitter, "01")
    assert fetch(first).status_code == 200
    asked = client.post("/konto/kalender/", {"feed": "01"})
    page = asked.content.decode()
    assert "Förnya adressen" in page and "slutar fungera" in page
    assert fetch(first).status_code == 200  # nothing happened before the confirmation
    second = make_address(client, region_submitter, "01")
    assert second != first
    assert fetch(first).status_code == 404
    assert fetch(second).status_code == 200
    events_ = AuditEvent.objects.filter(action=AuditAction.CALENDAR_ADDRESS_ISSUED).order_by("pk")
    assert [event.data["renewed"] for event in events_] == [False, True]
    assert [event.data["feed"] for event in events_] == ["01", "01"]
    # Only the hash of a token is kept.
    token = second.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarToken.objects.filter(token_hash=token).exists()
    assert CalendarToken.objects.filter(user=region_submitter, revoked_at__isnull=True).count() == 1


def test_the_address_is_shown_once_and_the_page_says_so_later(client, grant_2025, region_submitter):
    address = make_address(client, region_submitter, "01")
    later = client.get("/konto/kalender/").content.decode()
    assert address not in later
    assert "Du har en adress" in later and "Förnya adressen" in later


def test_an_ended_region_role_stops_the_feed_and_does_not_come_back_with_a_new_one(
    client, grant_2025, stockholm, region_submitter
):
    address = make_address(client, region_submitter, "01")
    membership_set(user=region_submitter, region=stockholm, role=RegionRole.SUBMITTER, active=False)
    assert fetch(address).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.CALENDAR_ADDRESS_WITHDRAWN).count() == 1
    membership_set(user=region_submitter, region=stockholm, role=RegionRole.SUBMITTER)
    assert fetch(address).status_code == 404


def test_a_role_ended_outside_the_services_stops_the_feed_at_the_next_fetch(
    client, grant_2025, stockholm, region_submitter, officer
):
    region_address = make_address(client, region_submitter, "01")
    agency_address = make_address(client, officer, "agency")
    # As the admin site would: the membership row switched off, the officer's group removed.
    region_submitter.memberships.update(is_active=False)
    officer.groups.clear()
    assert fetch(region_address).status_code == 404
    assert fetch(agency_address).status_code == 404


def test_a_deactivated_user_gets_nothing(client, grant_2025, region_submitter):
    address = make_address(client, region_submitter, "01")
    region_submitter.is_active = False
    region_submitter.save(update_fields=["is_active"])
    assert fetch(address).status_code == 404


def test_an_auditor_and_a_region_user_cannot_make_feeds_that_are_not_theirs(
    client, grant_2025, stockholm, region_submitter, auditor, officer
):
    client.force_login(auditor)
    assert "Din roll har ingen kalender" in client.get("/konto/kalender/").content.decode()
    for feed in ("agency", "01"):
        assert client.post("/konto/kalender/", {"feed": feed, "confirm": "1"}).status_code == 404
    client.force_login(region_submitter)
    for feed in ("agency", "03", "", "01\x00"):
        assert client.post("/konto/kalender/", {"feed": feed, "confirm": "1"}).status_code == 404
    assert not CalendarToken.objects.exists()
    with pytest.raises(PermissionDenied):
        calendar_address_issue(user=region_submitter, feed=Feed(stockholm), actor=officer)
    with pytest.raises(PermissionDenied):
        calendar_address_issue(user=auditor, feed=Feed(None), actor=auditor)


@pytest.mark.parametrize(
    "token",
    ["x", "a" * 43, "A" * 200, "..%2F..%2Fkonto", "%C3%A5" * 10, "-1", "0" * 43],
)
def test_a_bad_address_is_not_found(client, grant_2025, region_submitter, token):
    make_address(client, region_submitter, "01")
    assert Client().get(f"/kalender/{token}.ics").status_code == 404


def test_the_feed_is_only_read(client, grant_2025, region_submitter):
    address = make_address(client, region_submitter, "01")
    path = address.removeprefix("http://testserver")
    assert Client().post(path).status_code == 405
    assert Client().head(path).status_code == 200


# --- Across grants ----------------------------------------------------------------------------


def test_both_feeds_span_every_decided_grant_in_a_fixed_number_of_queries(
    client, grant_2025, region_submitter, officer
):
    region_address = make_address(client, region_submitter, "01")
    agency_address = make_address(client, officer, "agency")
    with CaptureQueriesContext(connection) as region_one:
        fetch(region_address)
    with CaptureQueriesContext(connection) as agency_one:
        fetch(agency_address)
    # A planned round is not in the calendar: its dates may still change.
    planned = register_2026(grant_2025=grant_2025, officer=officer)
    assert "Statsbidrag 2026" not in fetch(region_address).content.decode()
    assert "Statsbidrag 2026" not in fetch(agency_address).content.decode()
    decision_mark_decided(
        decision=planned.decision,
        diarienummer="S2026/00400",
        decided_on=dt.date(2026, 3, 12),
        total_amount=400_000_000_00,
        regions_amount=400_000_000_00,
        administration_amount=0,
        conditions="Villkor enligt beslutet.",
        actor=officer,
    )
    assert Decision.objects.get(pk=planned.decision.pk).status == DecisionStatus.DECIDED
    with CaptureQueriesContext(connection) as region_two:
        region = events(parsed(region_address))
    with CaptureQueriesContext(connection) as agency_two:
        agency = events(parsed(agency_address))
    assert "Sista dag att rekvirera: Statsbidrag 2026" in region
    assert "Sista dag att rekvirera: Statsbidrag 2025" in region
    assert "Regionernas sista dag att rekvirera: Statsbidrag 2026" in agency
    assert len(region_two) == len(region_one)
    assert len(agency_two) == len(agency_one)
