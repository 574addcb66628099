"""E-mail goes through the outbox: written with the change, sent after commit; recorded
once, claimed once, sent once except in the window docs/reminders.md names, which is as
short as one database statement."""

import datetime as dt
import re
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Email, EmailStatus
from notifications.services import MAX_ATTEMPTS, email_queue, email_send
from notifications.tasks import send_queued_emails
from tests.support import email_backends
from tests.support.email_backends import WorkerKilled

pytestmark = pytest.mark.django_db(transaction=True)

TEMPLATE = "accounts/email/password_reset"


def queue(key="k1", to=("a@example.test",)):
    with transaction.atomic():
        return email_queue(
            key=key,
            to=list(to),
            template=TEMPLATE,
            context={"user": None, "link": "https://x.test/l"},
        )


def test_an_email_is_sent_after_the_transaction_commits():
    with transaction.atomic():
        email_queue(key="k", to=["a@example.test"], template=TEMPLATE, context={"link": "L"})
        assert mail.outbox == []  # nothing leaves before commit
    assert len(mail.outbox) == 1
    assert Email.objects.get().status == EmailStatus.SENT
    assert "Välj nytt lösenord" in mail.outbox[0].subject


def test_nothing_is_sent_for_a_change_that_rolled_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        email_queue(key="k", to=["a@example.test"], template=TEMPLATE, context={"link": "L"})
        raise RuntimeError("the change failed")
    assert mail.outbox == []
    assert not Email.objects.exists()


def test_queueing_is_idempotent_per_key_and_recipient():
    queue()
    queue()
    assert Email.objects.count() == 1
    assert len(mail.outbox) == 1


def test_queueing_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        email_queue(key="k", to=["a@example.test"], template=TEMPLATE, context={})


def test_a_claimed_email_is_not_sent_twice():
    with mock.patch("notifications.services.transaction.on_commit"):  # keep it queued
        queue()
    email = Email.objects.get()
    assert email_send(email.pk) is True
    assert email_send(email.pk) is False
    assert len(mail.outbox) == 1


def test_when_the_broker_is_down_the_email_waits_for_the_sweep():
    with mock.patch(
        "notifications.tasks.send_email.apply_async", side_effect=ConnectionError("redis down")
    ):
        queue()
    email = Email.objects.get()
    assert email.status == EmailStatus.QUEUED
    assert mail.outbox == []
    assert send_queued_emails() == 1
    assert Email.objects.get().status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_is_retried_then_marked_failed_with_its_error():
    with mock.patch("notifications.services.transaction.on_commit"):
        queue()
    email = Email.objects.get()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=OSError("connection refused"),
    ):
        for _ in range(MAX_ATTEMPTS):
            with pytest.raises(OSError):
                email_send(email.pk)
            email.refresh_from_db()
            if email.status == EmailStatus.FAILED:
                break
    assert email.status == EmailStatus.FAILED
    assert email.attempts == MAX_ATTEMPTS
    assert "connection refused" in email.last_error
    assert mail.outbox == []


def test_after_the_broker_failed_a_request_does_not_wait_for_it_again(settings):
    from notifications import services

    calls = []

    def unreachable(*args, **kwargs):
        calls.append(args)
        raise ConnectionError("redis down")

    with mock.patch("notifications.tasks.send_email.apply_async", side_effect=unreachable):
        queue(key="a", to=("a@example.test", "b@example.test"))
        queue(key="b")
    assert len(calls) == 1  # the first failure pauses hand-overs; the rest wait in the outbox
    assert Email.objects.filter(status=EmailStatus.QUEUED).count() == 3
    services._broker_down_until = 0.0
    assert send_queued_emails() == 3


# --- The window between the mail server's acceptance and the row marked sent ---------------


@pytest.fixture
def smtp_server(settings):
    """Django's SMTP backend, talking to a mail server in memory."""
    settings.EMAIL_BACKEND = "tests.support.email_backends.SMTPBackendToFakeServer"
    email_backends.SERVER = server = email_backends.FakeMailServer()
    return server


def queued_email() -> Email:
    with mock.patch("notifications.services.transaction.on_commit"):  # keep it queued
        queue()
    return Email.objects.get()


def message_ids(server) -> list[str]:
    return [re.search(rb"Message-ID: (<[^>]+>)", raw).group(1).decode() for raw in server.accepted]


def test_the_row_is_marked_sent_before_the_connection_to_the_mail_server_closes(smtp_server):
    """While the server takes the message the row is being sent; by the goodbye (QUIT, which
    may take as long as the server likes or fail) it is sent, as any other database
    connection sees, so a worker dying then does not send it again."""
    email = queued_email()
    assert email_send(email.pk) is True
    assert smtp_server.steps == [
        ("connect", ["sending"]),
        ("accepted", ["sending"]),
        ("quit", ["sent"]),
    ]
    assert len(smtp_server.accepted) == 1


def test_a_failure_to_close_the_connection_after_the_message_was_accepted_changes_nothing(
    smtp_server, time_machine, settings
):
    smtp_server.fail_on_quit = True
    email = queued_email()
    assert email_send(email.pk) is True  # no error for the task to retry
    email.refresh_from_db()
    assert (email.status, email.last_error, email.attempts) == (EmailStatus.SENT, "", 1)
    # Neither the sweep now nor one after a dead worker's claim would have expired sends it.
    assert send_queued_emails() == 0
    time_machine.move_to(
        email.claimed_at + dt.timedelta(seconds=settings.EMAIL_STALE_CLAIM_SECONDS + 1)
    )
    assert send_queued_emails() == 0
    assert len(smtp_server.accepted) == 1


def test_a_server_that_refuses_the_message_leaves_it_queued_with_its_error(smtp_server):
    email = queued_email()
    refused = smtplib.SMTPDataError(554, b"message refused")
    with (
        mock.patch.object(email_backends._FakeSMTP, "sendmail", side_effect=refused),
        pytest.raises(smtplib.SMTPDataError),
    ):
        email_send(email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert "refused" in email.last_error
    assert smtp_server.steps[-1][0] == "quit"  # the connection is closed all the same


def test_a_worker_dying_between_acceptance_and_marking_sends_again_with_the_same_id(
    smtp_server, time_machine, settings
):
    """The one window left, as docs/reminders.md says: at least once, never lost, and the
    second copy carries the first's Message-ID."""
    smtp_server.die_after_accepting = True
    email = queued_email()
    with pytest.raises(WorkerKilled):
        email_send(email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENDING
    smtp_server.die_after_accepting = False
    assert send_queued_emails() == 0  # the claim is still fresh
    time_machine.move_to(
        email.claimed_at + dt.timedelta(seconds=settings.EMAIL_STALE_CLAIM_SECONDS + 1)
    )
    assert send_queued_emails() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    ids = message_ids(smtp_server)
    assert len(ids) == 2 and ids[0] == ids[1]
