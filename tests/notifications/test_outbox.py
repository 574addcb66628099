"""E-mail goes through the outbox: written with the change, sent after commit, exactly once."""

from unittest import mock

import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Email, EmailStatus
from notifications.services import MAX_ATTEMPTS, email_queue, email_send
from notifications.tasks import send_queued_emails

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
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("connection refused")
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
