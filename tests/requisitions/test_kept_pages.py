"""Kept pages (core/page_cache.py): a page seen again is served from the user's kept copy,
and nothing a user would notice differs from a freshly built page — the data, the day, the
language, their own name, their messages, their access, their CSRF token."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import RegionMembership, RegionRole
from core.page_cache import VERSIONED_TABLES
from requisitions import services
from requisitions.models import Requisition, RequisitionStatus
from tests import factories
from tests.support.clients import VerifiedClient
from tests.support.kept_pages import PER_REQUEST, kept_answer_tables

from .conftest import STOCKHOLM, form_post, valid_data

pytestmark = pytest.mark.django_db

FORM = "/region/01/bidrag/2025/rekvisition/"
HOME = "/region/01/"
QUEUE = "/handlaggare/rekvisitioner/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def text_of(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def fetch(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


def test_a_page_seen_again_is_the_same_page_for_less_work_with_a_working_csrf_token(
    before_deadline, case, submitter
):
    client = VerifiedClient(enforce_csrf_checks=True)
    client.force_login(submitter)
    first, built = fetch(client, FORM)
    again, kept = fetch(client, FORM)
    # Served kept, the page asks only what every request asks (the session, the user), the
    # region its address names (the access check) and the data version; built, it reads
    # the form's data too.
    assert kept == 4 < built
    tokens = TOKEN.findall(again.content.decode())
    assert len(tokens) >= 2  # the form's own and the header's (log out, language)
    assert set(tokens).isdisjoint(TOKEN.findall(first.content.decode()))  # a fresh mask
    # Apart from the tokens, the very same page.
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())
    # The token served with the kept page is accepted: the draft is saved.
    response = client.post(FORM, {**form_post(action="draft"), "csrfmiddlewaretoken": tokens[0]})
    assert response.status_code == 302
    assert Requisition.objects.get(case=case).status == RequisitionStatus.DRAFT


def test_a_change_shows_at_once_on_every_kept_page(
    client, before_deadline, case, submitter, officer
):
    region = VerifiedClient()
    region.force_login(submitter)
    client.force_login(officer)
    assert "Skicka in rekvisitionen" in text_of(region.get(FORM))
    home = text_of(region.get(HOME))
    queue = text_of(client.get(QUEUE))
    received_before = queue.count("Inkom")

    # The region submits (through the service, as another process would).
    requisition = services.requisition_submit(
        case=case, data=valid_data(), version=0, actor=submitter
    )
    assert region.get(FORM).status_code == 302  # now the receipt, not the form
    received = text_of(region.get(HOME))
    assert received != home
    assert text_of(client.get(QUEUE)).count("Inkom") == received_before + 1

    # The officer decides it: the region's home page says so at once.
    services.requisition_approve(requisition=requisition, actor=officer)
    decided = text_of(region.get(HOME))
    assert "Utbetalning beslutad" not in received
    assert "Utbetalning beslutad" in decided


def test_the_next_day_is_a_new_page(client, time_machine, case, submitter):
    time_machine.move_to(dt.datetime(2025, 12, 1, 23, 58, tzinfo=STOCKHOLM), tick=False)
    client.force_login(submitter)
    assert "Skicka in rekvisitionen" in text_of(client.get(FORM))
    time_machine.move_to(dt.datetime(2025, 12, 2, 0, 2, tzinfo=STOCKHOLM), tick=False)
    page = text_of(client.get(FORM))
    assert "Skicka in rekvisitionen" not in page
    assert "Rekvisitionen är stängd" in page


def test_each_language_is_its_own_page(client, before_deadline, case, submitter):
    client.force_login(submitter)
    assert "Skicka in rekvisitionen" in text_of(client.get(FORM))
    client.post("/i18n/setlang/", {"language": "en", "next": FORM})
    page = text_of(client.get(FORM, headers={"accept-language": "en"}))
    assert "Submit the requisition" in page
    assert "Skicka in rekvisitionen" not in page


def test_a_message_is_shown_once_and_never_kept(client, before_deadline, case, submitter):
    client.force_login(submitter)
    client.get(FORM)  # kept before the message exists
    response = client.post(FORM, form_post(action="draft"), follow=True)
    assert "Utkastet är sparat" in text_of(response)
    assert "Utkastet är sparat" not in text_of(client.get(FORM))
    assert "Utkastet är sparat" not in text_of(client.get(FORM))


def test_another_user_never_gets_a_users_kept_page(before_deadline, case, stockholm):
    first = factories.region_user(stockholm, RegionRole.SUBMITTER, full_name="Första Person")
    second = factories.region_user(stockholm, RegionRole.PREPARER, full_name="Andra Person")
    one, other = VerifiedClient(), VerifiedClient()
    one.force_login(first)
    other.force_login(second)
    assert 'value="Första Person"' in one.get(FORM).content.decode()
    page = other.get(FORM).content.decode()
    assert 'value="Andra Person"' in page
    assert "Första Person" not in page
    assert "Skicka in rekvisitionen" not in text_of(other.get(FORM))  # a preparer's own page


def test_access_is_checked_on_every_request_not_only_when_the_page_is_built(
    client, before_deadline, case, submitter
):
    client.force_login(submitter)
    assert client.get(FORM).status_code == 200
    assert client.get(HOME).status_code == 200
    # Even a change that bypassed the services (and so wrote no audit event) shuts the door
    # at once: the check runs before the kept page is looked up.
    RegionMembership.objects.filter(user=submitter).update(is_active=False)
    assert client.get(FORM).status_code == 403
    assert client.get(HOME).status_code == 403


def test_pages_are_built_every_time_when_keeping_is_off(
    client, settings, before_deadline, case, submitter
):
    client.force_login(submitter)
    fetch(client, FORM)
    seen_again, _ = fetch(client, FORM)
    assert seen_again["X-Page"] == "kept"
    settings.PAGE_CACHE = False
    first, built = fetch(client, FORM)
    second, again = fetch(client, FORM)
    # Built both times (no kept copy served), with the same queries each time.
    assert "X-Page" not in first and "X-Page" not in second
    assert built == again


def test_the_open_form_reads_only_data_whose_changes_are_audited(
    client, before_deadline, case, submitter
):
    # The permission matrix's walk (tests/permissions/test_kept_pages.py) sees the 2025
    # form closed; here it is open, with a draft.
    services.requisition_save_draft(case=case, data=valid_data(), version=0, actor=submitter)
    client.force_login(submitter)
    tables = kept_answer_tables(client, FORM)
    assert tables is not None  # kept
    assert "requisitions_requisition" in tables
    assert tables - VERSIONED_TABLES - PER_REQUEST == set()


def test_the_kept_region_home_asks_its_version_and_read_marker_in_one_statement(
    client, before_deadline, case, submitter
):
    """Served kept, the region's home asks, beyond what every request asks (the session,
    the user) and the region its address names, one statement: the data version of its
    parts together with the user's newest read marker (its unread messages are theirs)."""
    client.force_login(submitter)
    fetch(client, HOME)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response["X-Page"] == "kept"
    own = [
        query["sql"]
        for query in queries
        if not re.search(r'"django_session"|AS devices_at_load|AS role_of_user', query["sql"])
    ]
    assert len(own) == 1, own
    assert "records_dataversion" in own[0] and "conversations_messageread" in own[0]
