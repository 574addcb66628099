"""The officers' inbox: what waits, with counts and links, the four-eyes rule on release,
and "mine" after a case is assigned (logged; only officers assign, only to officers)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import RegionRole
from grants.models import Case
from grants.services import case_assign
from records.models import AuditAction, AuditEvent
from requisitions import services as requisition_services
from requisitions.services import RequisitionData
from tests import factories

pytestmark = pytest.mark.django_db

STOCKHOLM_TZ = ZoneInfo("Europe/Stockholm")
AT = dt.datetime(2025, 11, 3, 10, tzinfo=STOCKHOLM_TZ)
INBOX = "/handlaggare/inkorg/"
MINE = "/handlaggare/inkorg/mina/"


def _data(amount: int) -> RequisitionData:
    return RequisitionData(
        amount=amount,
        account_type="bankgiro",
        account_number="5050-1055",
        organisation_number_confirmed=True,
        contact_name="Sara",
        contact_email="sara@region.test",
        contact_phone="08-123 456 78",
        signatory_name="Eva",
        signatory_title="Ekonomidirektör",
        attested=True,
    )


def _submit(grant, region, amount=100_000_00):
    case = Case.objects.get(grant=grant, region=region)
    submitter = factories.region_user(region, RegionRole.SUBMITTER)
    return requisition_services.requisition_submit(
        case=case, data=_data(amount), version=0, actor=submitter
    )


@pytest.fixture
def at_requisition_time(time_machine):
    time_machine.move_to(AT, tick=False)


def test_a_decided_payment_waits_for_a_second_officer_and_not_for_the_decider(
    grant_2025, stockholm, uppsala, officer, client, at_requisition_time
):
    decided = _submit(grant_2025, stockholm, 123_456_00)
    requisition_services.requisition_approve(requisition=decided, actor=officer)
    waiting = _submit(grant_2025, uppsala, 50_000_00)
    second = factories.officer(full_name="Andra Handläggaren")

    client.force_login(second)
    page = client.get(INBOX).content.decode()
    assert "Utbetalningar som väntar på att verkställas (1)" in page
    assert "Rekvisitioner att besluta om (1)" in page
    assert "123\xa0456\xa0kr" in page
    assert reverse("requisitions:review", kwargs={"pk": decided.pk}) in page
    assert reverse("requisitions:review", kwargs={"pk": waiting.pk}) in page

    client.force_login(officer)
    page = client.get(INBOX).content.decode()
    assert "Utbetalningar som väntar på att verkställas: 0" in page
    assert "123\xa0456\xa0kr" not in page
    assert "Rekvisitioner att besluta om (1)" in page


def test_staff_land_on_the_inbox_and_the_menu_offers_it(officer, auditor, client):
    client.force_login(officer)
    assert client.get("/").url == INBOX
    page = client.get(INBOX).content.decode()
    assert 'href="/handlaggare/inkorg/">Inkorg</a>' in page
    client.force_login(auditor)
    assert client.get("/").url == "/granskning/"  # the auditor's own start page
    page = client.get(INBOX).content.decode()  # which they may read
    assert "Mina ärenden" not in page
    assert client.get(MINE).status_code == 403


def test_assignment_is_logged_and_mine_shows_only_my_cases(
    grant_2025, stockholm, uppsala, officer, client, at_requisition_time
):
    _submit(grant_2025, stockholm)
    _submit(grant_2025, uppsala)
    colleague = factories.officer(full_name="Kollega Karlsson")
    case = Case.objects.get(grant=grant_2025, region=uppsala)

    client.force_login(officer)
    response = client.post(
        reverse("repayments:assign", kwargs={"year": 2025, "county_code": "03"}),
        {"officer": colleague.pk},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_to == colleague
    event = AuditEvent.objects.get(action=AuditAction.CASE_ASSIGNED)
    assert event.actor == officer
    assert event.data["after"]["assigned_to"] == colleague.pk

    client.force_login(colleague)
    mine = client.get(MINE).content.decode()
    assert "Rekvisitioner att besluta om (1)" in mine
    assert "Region Uppsala" in mine
    assert "Region Stockholm" not in mine
    everything = client.get(INBOX).content.decode()
    assert "Region Stockholm" in everything
    # Stockholm's case is nobody's: said so in Swedish under its place.
    assert "inte tilldelat" in everything
    assert "not assigned" not in everything
    case_page = client.get(reverse("repayments:case", kwargs={"year": 2025, "county_code": "03"}))
    assert "Kollega Karlsson" in case_page.content.decode()


def test_only_officers_assign_and_only_to_officers(grant_2025, stockholm, officer, auditor, client):
    case = Case.objects.get(grant=grant_2025, region=stockholm)
    region_admin = factories.region_user(stockholm, RegionRole.ADMIN)
    for actor in (region_admin, auditor):
        with pytest.raises(PermissionDenied):
            case_assign(case=case, officer=officer, actor=actor)
    with pytest.raises(ValidationError) as refused:
        case_assign(case=case, officer=auditor, actor=officer)
    assert refused.value.message_dict == {
        "officer": ["Ett ärende kan bara tilldelas en handläggare."]
    }

    url = reverse("repayments:assign", kwargs={"year": 2025, "county_code": "01"})
    for actor in (region_admin, auditor):
        client.force_login(actor)
        assert client.post(url, {"officer": officer.pk}).status_code == 403
    client.force_login(officer)
    page = client.post(url, {"officer": auditor.pk})
    assert page.status_code == 200
    assert "Välj en av handläggarna i listan." in page.content.decode()
    case.refresh_from_db()
    assert case.assigned_to is None
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_ASSIGNED).exists()


def test_the_inbox_reads_a_fixed_number_of_queries(
    grant_2025, regions, officer, client, at_requisition_time, settings
):
    from regions.models import Region

    settings.PAGE_CACHE = False  # the inbox built each time, as after every change
    client.force_login(officer)
    client.get(INBOX)
    with CaptureQueriesContext(connection) as few:
        assert client.get(INBOX).status_code == 200
    second = factories.officer()
    for region in Region.objects.order_by("county_code")[:4]:
        requisition = _submit(grant_2025, region)
        requisition_services.requisition_approve(requisition=requisition, actor=second)
    with CaptureQueriesContext(connection) as many:
        page = client.get(INBOX).content.decode()
    assert "Utbetalningar som väntar på att verkställas (4)" in page
    assert len(many) == len(few)


def test_the_agencys_own_deadlines_wait_until_marked_done(
    grant_2025, officer, client, time_machine
):
    from grants.models import Deadline, DeadlineKind
    from reminders.services import agency_step_mark_done

    def agency_section() -> str:
        client.force_login(officer)  # a new session: time moves on by weeks here
        page = client.get(INBOX).content.decode()
        if 'id="inbox-agency"' not in page:
            return ""
        return page.split('id="inbox-agency"', 1)[1].split("</section>", 1)[0]

    client.force_login(officer)
    for kind in (DeadlineKind.AGENCY_REQUISITION,):  # drawn from Kammarkollegiet long ago
        deadline = Deadline.objects.get(grant=grant_2025, kind=kind)
        agency_step_mark_done(
            deadline=deadline, done_on=deadline.effective_date, note="Rekvirerat.", actor=officer
        )
    # Eleven days before the repayment to Kammarkollegiet; the ministry report is further off.
    time_machine.move_to(dt.datetime(2026, 5, 20, 9, tzinfo=STOCKHOLM_TZ), tick=False)
    section = agency_section()
    assert "Återbetalning och ekonomisk redovisning till Kammarkollegiet" in section
    assert "Regeringskansliet" not in section
    assert "Försenad" not in section
    assert 'href="/bidrag/2025/paminnelser/"' in section

    # Two days after the ministry report's deadline, both are overdue, in words.
    time_machine.move_to(dt.datetime(2026, 7, 2, 9, tzinfo=STOCKHOLM_TZ), tick=False)
    section = agency_section()
    assert "Socialstyrelsens egna tidsfrister (2)" in section
    assert section.count("Försenad") == 2

    # Marked done on the reminders page's service, a step no longer waits.
    repayment = Deadline.objects.get(grant=grant_2025, kind=DeadlineKind.AGENCY_REPAYMENT)
    agency_step_mark_done(
        deadline=repayment, done_on=dt.date(2026, 5, 29), note="Återbetalat.", actor=officer
    )
    section = agency_section()
    assert "Socialstyrelsens egna tidsfrister (1)" in section
    assert "Kammarkollegiet" not in section


def test_a_section_shows_its_first_ten_and_links_to_a_page_with_all_of_them(
    grant_2025, regions, officer, client, at_requisition_time
):
    from portal.inbox import PAGE_SIZE, SHOWN
    from regions.models import Region

    submitted = [
        _submit(grant_2025, region) for region in Region.objects.order_by("county_code")[:12]
    ]
    reviews = [reverse("requisitions:review", kwargs={"pk": r.pk}) for r in submitted]
    client.force_login(officer)
    page = client.get(INBOX).content.decode()
    # The count is of everything waiting; the oldest ten are shown, then the link.
    assert "Rekvisitioner att besluta om (12)" in page
    assert "Rekvisitioner att besluta om</a>: <strong>12</strong>" in page
    assert [url in page for url in reviews] == [True] * SHOWN + [False] * 2
    section = "/handlaggare/inkorg/avsnitt/decide/"
    assert f'href="{section}"' in page
    assert "Visar 10 av 12: se alla" in page

    whole = client.get(section).content.decode()
    assert "Rekvisitioner att besluta om (12)" in whole
    assert all(url in whole for url in reviews)
    assert 'href="/handlaggare/inkorg/"' in whole
    assert SHOWN < 12 < PAGE_SIZE
    assert "sida=2" not in whole
    assert client.get(section + "?sida=2").status_code == 404
    assert client.get(section + "?sida=x").status_code == 404
    assert client.get("/handlaggare/inkorg/avsnitt/okand/").status_code == 404

    # "Mine": nothing of these is assigned to the officer yet.
    mine = client.get("/handlaggare/inkorg/mina/avsnitt/decide/").content.decode()
    assert "Rekvisitioner att besluta om (0)" in mine
    assert reviews[0] not in mine
    for requisition in submitted[:2]:
        case_assign(case=requisition.case, officer=officer, actor=officer)
    mine = client.get("/handlaggare/inkorg/mina/avsnitt/decide/").content.decode()
    assert "Rekvisitioner att besluta om (2)" in mine
    assert [url in mine for url in reviews[:3]] == [True, True, False]
    inbox = client.get(MINE).content.decode()
    assert "Rekvisitioner att besluta om (2)" in inbox
    assert "Visar 10 av" not in inbox.split('id="inbox-decide"', 1)[1].split("</section>")[0]


def test_the_inbox_is_planned_once_per_connection_and_still_logged(
    grant_2025, stockholm, officer, client, at_requisition_time, settings
):
    """PostgreSQL plans the inbox's eleven parts once per connection (a prepared
    statement), not on every view; Django's own queries stay unprepared; the statement
    still passes through Django's cursor, so it is counted and logged like any other."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    settings.PAGE_CACHE = False  # built on every view, as after every change
    _submit(grant_2025, stockholm)
    client.force_login(officer)
    for _ in range(2):
        page = client.get(INBOX).content.decode()
        assert "Rekvisitioner att besluta om (1)" in page
    with CaptureQueriesContext(connection) as queries:
        client.get(INBOX)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        prepared = cursor.fetchall()
    # The inbox's, beside the user's that every request loads (tests/accounts).
    inbox = [row for row in prepared if "FROM requisitions_requisition q" in row[0]]
    assert len(inbox) == 1, prepared
    _statement, generic, custom = inbox[0]
    # Prepared on its first run (psycopg's prepare_threshold 0) and planned once for every
    # run since, never afresh for the values (plan_cache_mode): its planning cost 18 ms.
    assert generic == 3 and custom == 0
    assert any("FROM requisitions_requisition q" in query["sql"] for query in queries)
