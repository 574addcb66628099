"""A message round trip, region → officer → region, as the users see it: the pages, the
e-mail that carries only a link, the unread markers in the officers' inbox and on the
region's start page, and the audit event."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conversations.models import Message, MessageRead, Side
from records.models import AuditAction, AuditEvent
from tests.support.pdfs import pdf_bytes

from .conftest import HOME, INBOX, OFFICER_PAGE, REGION_PAGE, logged_in

pytestmark = pytest.mark.django_db

QUESTION = "Får vi räkna in lokalhyra för samtalsrummet i kostnaderna?"
ANSWER = "Nej, lokalhyra hör inte till bidragets ändamål. Se villkor 3."


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_message_goes_to_the_officer_and_an_answer_comes_back(
    case,
    officer,
    region_submitter,
    ombud,
    preparer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    region = logged_in(region_submitter)
    page = region.get(REGION_PAGE)
    assert page.status_code == 200
    assert "Inga meddelanden ännu." in text(page)

    # The region writes, with a PDF.
    with django_capture_on_commit_callbacks(execute=True):
        sent = region.post(
            REGION_PAGE,
            {
                "body": QUESTION,
                "attachments": SimpleUploadedFile("hyresavtal.pdf", pdf_bytes("Hyresavtal")),
            },
            follow=True,
        )
    assert "Ditt meddelande är skickat." in text(sent)
    assert QUESTION in text(sent)
    assert "hyresavtal.pdf" in text(sent)
    message = Message.objects.get()
    assert (message.side, message.author, message.body) == (Side.REGION, region_submitter, QUESTION)

    # The officer is told, with a link only: not the text, not the file's name.
    assert [mail.to for mail in mailoutbox] == [[officer.email]]
    mail = mailoutbox[0]
    html = mail.alternatives[0][0]
    for part in (mail.subject, mail.body, html):
        assert QUESTION not in part
        assert "hyresavtal" not in part
    assert "Region Stockholm" in mail.subject
    assert f"http://testserver{OFFICER_PAGE}" in mail.body or OFFICER_PAGE in mail.body
    assert OFFICER_PAGE in html

    # The audit event binds the text and the file by their hashes.
    event = AuditEvent.objects.get(action=AuditAction.MESSAGE_SENT)
    assert event.region_id == case.region_id and event.grant_id == case.grant_id
    assert event.data["side"] == "region"
    attachment = message.files.get().attachment
    assert event.data["files"][0]["sha256"] == attachment.sha256
    assert len(event.data["body_sha256"]) == 64

    # The officer sees it waiting in the inbox, then reads it.
    agency = logged_in(officer)
    inbox = text(agency.get(INBOX))
    assert "Olästa meddelanden från regionerna (1)" in inbox
    assert "1 oläst meddelande från regionen" in inbox
    page = agency.get(OFFICER_PAGE)
    assert QUESTION in text(page)
    assert "Ny" in text(page)
    assert MessageRead.objects.filter(message=message, user=officer).exists()
    assert "Olästa meddelanden från regionerna: 0" in text(agency.get(INBOX))
    # The file downloads for the officer.
    link = message.files.get()
    download = agency.get(f"{OFFICER_PAGE}bilaga/{link.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")

    # The officer answers; the region's users are told, again with a link only.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        agency.post(OFFICER_PAGE, {"body": ANSWER})
    told = sorted(address for mail in mailoutbox for address in mail.to)
    assert told == sorted([ombud.email, region_submitter.email, preparer.email])
    for mail in mailoutbox:
        assert ANSWER not in mail.body and ANSWER not in mail.subject
        assert REGION_PAGE in mail.body
        assert "Socialstyrelsen" in mail.subject

    # The region's start page counts the unread answer for each of its users...
    home = text(region.get(HOME))
    assert "Olästa meddelanden från Socialstyrelsen" in home
    assert "1 oläst meddelande om statsbidrag 2025" in home
    again = region.get(HOME)
    assert again["X-Page"] == "kept"  # the start page is kept (core.page_cache)
    assert "1 oläst meddelande om statsbidrag 2025" in text(again)
    # ...until the user reads it (the kept start page is not served again).
    page = region.get(REGION_PAGE)
    assert ANSWER in text(page)
    assert "Olästa meddelanden från Socialstyrelsen" not in text(region.get(HOME))
    # Another of the region's users has not read it yet: their own page, not the reader's.
    other = logged_in(preparer)
    assert "1 oläst meddelande om statsbidrag 2025" in text(other.get(HOME))
    assert "1 oläst meddelande om statsbidrag 2025" in text(other.get(HOME))


def test_the_officer_told_is_the_cases_own_when_it_is_assigned(
    case, officer, region_submitter, mailoutbox, django_capture_on_commit_callbacks
):
    from grants.services import case_assign
    from tests import factories

    other = factories.officer(full_name="Olle Granskare")
    case_assign(case=case, officer=other, actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(region_submitter).post(REGION_PAGE, {"body": QUESTION})
    assert [mail.to for mail in mailoutbox] == [[other.email]]


def test_a_preparer_writes_and_reads(case, preparer, officer):
    client = logged_in(preparer)
    response = client.post(REGION_PAGE, {"body": "En fråga från uppgiftssamordnaren."})
    assert response.status_code == 302
    assert Message.objects.get().author == preparer
    assert "En fråga från uppgiftssamordnaren." in text(client.get(REGION_PAGE))


def test_an_auditor_reads_but_neither_writes_nor_marks(case, auditor, region_submitter):
    logged_in(region_submitter).post(REGION_PAGE, {"body": QUESTION})
    client = logged_in(auditor)
    page = client.get(OFFICER_PAGE)
    assert page.status_code == 200
    assert QUESTION in text(page)
    assert "Skicka meddelandet" not in text(page)
    assert not MessageRead.objects.filter(user=auditor).exists()
    # The auditor's inbox shows what no officer has read yet.
    assert "1 oläst meddelande från regionen" in text(client.get(INBOX))
    assert client.post(OFFICER_PAGE, {"body": "Revisorn skriver."}).status_code == 403
    assert Message.objects.count() == 1


def test_an_officer_reads_the_regions_page_but_writes_on_the_officers(
    case, officer, region_submitter
):
    logged_in(region_submitter).post(REGION_PAGE, {"body": QUESTION})
    client = logged_in(officer)
    page = client.get(REGION_PAGE)
    assert QUESTION in text(page)
    assert "Skicka meddelandet" not in text(page)
    assert not MessageRead.objects.filter(user=officer).exists()
    assert client.post(REGION_PAGE, {"body": "Fel sida."}).status_code == 403
    assert Message.objects.count() == 1


def test_the_inbox_reads_the_messages_in_a_fixed_number_of_queries(
    case, officer, region_submitter, uppsala_user, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conversations.services import message_send
    from grants.models import Case

    settings.PAGE_CACHE = False  # the inbox built each time, as after every change
    client = logged_in(officer)
    message_send(case=case, body=QUESTION, actor=region_submitter)
    client.get(INBOX)  # the session's first request reads more
    with CaptureQueriesContext(connection) as one:
        page = text(client.get(INBOX))
    assert "1 oläst meddelande från regionen" in page
    uppsala = Case.objects.get(grant=case.grant, region=uppsala_user.memberships.get().region)
    for n in range(3):
        message_send(case=uppsala, body=f"Fråga {n}", actor=uppsala_user)
    message_send(case=case, body="Ännu en fråga.", actor=region_submitter)
    with CaptureQueriesContext(connection) as many:
        page = text(client.get(INBOX))
    assert "Olästa meddelanden från regionerna (2)" in page
    assert "3 olästa meddelanden från regionen" in page
    assert "2 olästa meddelanden från regionen" in page
    assert len(many) == len(one)
