"""The inbox is a kept page (core/page_cache.py): seen again it is served from the user's
kept copy, and nothing a user would notice is stale: a region's new requisition, an
officer reading a message (their own inbox, and an auditor's, which shows what no officer
has read), a page of a section."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import RegionRole
from conversations.models import Message
from conversations.services import message_send, messages_mark_read
from core.page_cache import KEPT_HEADER
from grants.models import Case
from tests import factories

from .test_inbox import INBOX, _submit

pytestmark = pytest.mark.django_db

AT = dt.datetime(2025, 11, 3, 10, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture(autouse=True)
def _kept_pages_on(settings, time_machine):
    settings.PAGE_CACHE = True
    time_machine.move_to(AT, tick=False)


def fetch(client, path=INBOX):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


def counts(response) -> str:
    page = response.content.decode()
    found = re.search(r'<ul class="list-unstyled mb-4" aria-label="Antal">(.*?)</ul>', page, re.S)
    assert found, page[:2000]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", found.group(1)))


def test_the_inbox_seen_again_is_the_kept_page_and_a_new_requisition_shows_at_once(
    grant_2025, stockholm, uppsala, officer, client
):
    _submit(grant_2025, stockholm)
    client.force_login(officer)
    first, built = fetch(client)
    again, kept = fetch(client)
    assert again[KEPT_HEADER] == "kept" and KEPT_HEADER not in first
    assert kept < built
    # Served kept, the inbox asks, beyond what every request asks (the session, the user),
    # one statement: the data version and the officer's newest read marker together.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INBOX)[KEPT_HEADER] == "kept"
    own = [
        q["sql"] for q in queries if not re.search(r'"django_session"|AS devices_at_load', q["sql"])
    ]
    assert len(own) == 1, own
    assert "records_dataversion" in own[0] and "conversations_messageread" in own[0]
    assert "Rekvisitioner att besluta om: 1" in counts(again)
    _submit(grant_2025, uppsala)
    after, _ = fetch(client)
    assert KEPT_HEADER not in after
    assert "Rekvisitioner att besluta om: 2" in counts(after)


def test_reading_a_message_takes_it_off_the_officers_and_the_auditors_kept_inbox(
    grant_2025, stockholm, officer, auditor, client
):
    case = Case.objects.get(grant=grant_2025, region=stockholm)
    contact = factories.region_user(stockholm, RegionRole.SUBMITTER)
    message_send(case=case, body="En fråga om rekvisitionen.", actor=contact)
    auditor_client = type(client)()
    client.force_login(officer)
    auditor_client.force_login(auditor)
    for viewer in (client, auditor_client):
        fetch(viewer)
        kept, _ = fetch(viewer)
        assert kept[KEPT_HEADER] == "kept"
        assert "Olästa meddelanden från regionerna: 1" in counts(kept)

    # The officer reads it (no audit event: the read marker is the user's own).
    messages_mark_read(messages=Message.objects.filter(case=case), user=officer)
    for viewer in (client, auditor_client):
        after, _ = fetch(viewer)
        assert KEPT_HEADER not in after
        assert "Olästa meddelanden från regionerna: 0" in counts(after)


def test_a_page_of_a_section_is_kept_and_new_items_show_on_it(
    grant_2025, stockholm, uppsala, officer, client
):
    section = "/handlaggare/inkorg/avsnitt/decide/"
    _submit(grant_2025, stockholm)
    client.force_login(officer)
    fetch(client, section)
    again, _ = fetch(client, section)
    assert again[KEPT_HEADER] == "kept"
    assert again.content.decode().count("Besluta om rekvisitionen") == 1
    _submit(grant_2025, uppsala)
    after, _ = fetch(client, section)
    assert after.content.decode().count("Besluta om rekvisitionen") == 2


def test_access_to_the_kept_inbox_is_checked_on_every_request(
    grant_2025, stockholm, officer, client
):
    """A kept inbox is served only after the access check: an officer who loses the role is
    refused at once, even by a change that wrote no audit event, on the inbox, on "mine"
    and on a section's page."""
    _submit(grant_2025, stockholm)
    client.force_login(officer)
    paths = [INBOX, "/handlaggare/inkorg/mina/", "/handlaggare/inkorg/avsnitt/decide/"]
    for path in paths:
        fetch(client, path)
        assert fetch(client, path)[0][KEPT_HEADER] == "kept"
    officer.groups.clear()
    for path in paths:
        assert client.get(path).status_code == 403, path
