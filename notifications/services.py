"""Queue e-mail inside a change's transaction; send it after commit.

What holds (docs/reminders.md, "Once: what holds exactly"): an e-mail is recorded once
(its key is unique), claimed by one sender at a time (a conditional update), and never lost
(a claim a dead worker left is released after ``EMAIL_STALE_CLAIM_SECONDS``). It is sent
once, except when a worker dies between the mail server's acceptance and the row's update
to sent (one statement); then it is sent again after that time with the same Message-ID,
by which the receiving side can drop the duplicate."""

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from core import clock
from core.confirm import rehearse

from . import renderers
from .models import Email, EmailStatus

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def stale_claim() -> dt.timedelta:
    """A claim older than this is from a worker that died mid-send; the message is queued again."""
    return dt.timedelta(seconds=settings.EMAIL_STALE_CLAIM_SECONDS)


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, text, html) from ``<template>_subject.txt``, ``.txt`` and ``.html``, in Swedish."""
    context = {
        "site_url": settings.SITE_URL,
        "contact_email": settings.GRANT_CONTACT_EMAIL,
        **context,
    }
    with translation.override("sv"):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return subject, text, html


def email_queue(
    *,
    key: str,
    to: Iterable[str],
    template: str,
    context: dict[str, Any],
    grant: Any = None,
    region: Any = None,
) -> list[Email]:
    """Write one e-mail per recipient and send them once the transaction commits.

    Must run inside the transaction of the change the e-mail announces. A key already
    used is not queued again, so a retried service call sends nothing twice.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("email_queue() must run inside the change's transaction")
    subject, text, html = render_email(template, context)
    created: list[Email] = []
    for address in sorted({a.strip().lower() for a in to if a and a.strip()}):
        email, was_created = Email.objects.get_or_create(
            key=f"{key}:{address}"[:200],
            defaults={
                "to": address,
                "subject": subject,
                "body_text": text,
                "body_html": html,
                "grant": grant,
                "region": region,
            },
        )
        if was_created:
            created.append(email)
    ids = [email.pk for email in created]
    if ids:
        transaction.on_commit(lambda: dispatch(ids))
    return created


# After a failed hand-over, skip the broker for a while instead of making every request
# wait for it (per process).
_broker_down_until = 0.0


def dispatch(ids: list[int]) -> None:
    """Hand the e-mails to the worker; if the broker is unreachable they wait in the outbox
    for `send_queued_emails`, and the request goes on at once."""
    global _broker_down_until
    from .tasks import send_email

    if time.monotonic() < _broker_down_until:
        logger.warning(
            "%d e-mail(s) stay queued: the task broker was unreachable a moment ago", len(ids)
        )
        return
    for index, pk in enumerate(ids):
        try:
            # No publish retries: with the broker down the request must not hang.
            send_email.apply_async((pk,), retry=False)
        except (KombuOperationalError, OSError):  # the broker is down: the request goes on
            _broker_down_until = time.monotonic() + settings.BROKER_DOWN_PAUSE_SECONDS
            logger.warning(
                "%d e-mail(s) stay queued: the task broker is unreachable",
                len(ids) - index,
                exc_info=True,
            )
            return
        except Exception:  # sent inline (no broker) and the sending failed: it stays queued
            logger.warning("E-mail %s stays queued: sending failed", pk, exc_info=True)


def email_send(pk: int) -> bool:
    """Claim, send and mark one e-mail. Returns True if this call sent it.

    The claim is a conditional update, so two workers (or a retried task) cannot both send.
    The row is marked sent right after the mail server accepted the message, before the
    connection is closed; a failure to close changes nothing. A failure before acceptance
    puts it back in the queue with its error (``failed`` after ``MAX_ATTEMPTS``).
    """
    now = clock.now()
    claimed = Email.objects.filter(pk=pk, status=EmailStatus.QUEUED).update(
        status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    email = Email.objects.get(pk=pk)
    if email.renderer and not email.body_text:
        try:
            rendered = renderers.render(email.renderer, email.renderer_args)
        except Exception as error:
            Email.objects.filter(pk=pk, status=EmailStatus.SENDING).update(
                status=EmailStatus.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000]
            )
            raise
        if rendered is None:
            Email.objects.filter(pk=pk, status=EmailStatus.SENDING).update(
                status=EmailStatus.CANCELLED
            )
            return False
        email.subject, email.body_text, email.body_html = rendered
        Email.objects.filter(pk=pk).update(
            subject=email.subject, body_text=email.body_text, body_html=email.body_html
        )
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=[settings.GRANT_CONTACT_EMAIL],
        # The same message always has the same id, so a receiving system can recognise it.
        headers={
            "Message-ID": f"<{hashlib.sha256(email.key.encode()).hexdigest()[:32]}@statsbidrag>"
        },
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    # The connection is opened before and closed after, not by send_messages(): the row is
    # marked sent the moment the server has accepted the message, before the goodbye to
    # the server (QUIT), which can take as long as the server likes or fail.
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
        accepted = connection.send_messages([message])
        if not accepted:
            raise RuntimeError("the mail server did not take the message")
    except Exception as error:
        _close_quietly(connection, pk)
        final = email.attempts >= MAX_ATTEMPTS
        Email.objects.filter(pk=pk, status=EmailStatus.SENDING).update(
            status=EmailStatus.FAILED if final else EmailStatus.QUEUED,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    # One UPDATE, committed on its own (the sender runs outside any transaction): from here
    # on a dead worker does not send it again.
    Email.objects.filter(pk=pk, status=EmailStatus.SENDING).update(
        status=EmailStatus.SENT, sent_at=clock.now(), last_error=""
    )
    _close_quietly(connection, pk)
    return True


def _close_quietly(connection: Any, pk: int) -> None:
    """Close the mail connection; a failure here changes nothing about the message."""
    try:
        connection.close()
    except Exception:
        logger.warning("Closing the mail connection after e-mail %s failed", pk, exc_info=True)


def emails_requeue_stale() -> int:
    """Queue again what a dead worker claimed but never marked sent. Whether the server had
    accepted it cannot be known, so it is sent again (at least once, never lost)."""
    return Email.objects.filter(
        status=EmailStatus.SENDING, claimed_at__lt=clock.now() - stale_claim()
    ).update(status=EmailStatus.QUEUED)


def emails_pending() -> list[int]:
    return list(
        Email.objects.filter(Q(status=EmailStatus.QUEUED))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def email_mark() -> int:
    """The newest e-mail's id: what :func:`email_told_since` reads after."""
    return Email.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def rehearse_telling(act: Callable[[], T], describe: Callable[[T, list[str]], R]) -> R:
    """Rehearse ``act`` (core.confirm.rehearse) and describe its result with what the e-mails
    it would queue tell (:func:`email_told_since`): a confirmation step's "what the region
    will be told"."""
    mark = email_mark()
    return rehearse(act, lambda result: describe(result, email_told_since(mark)))


def email_told_since(mark: int, *, lines: int = 3) -> list[str]:
    """What the e-mails queued after ``mark`` tell: the recipients, the subject and the first
    lines of the text (one of each distinct message). For a confirmation step's rehearsal."""
    emails = list(Email.objects.filter(pk__gt=mark).order_by("pk"))
    told: list[str] = []
    for subject, body in dict.fromkeys((e.subject, e.body_text) for e in emails):
        recipients = ", ".join(e.to for e in emails if e.subject == subject)
        first = [line for line in body.splitlines() if line.strip()][:lines]
        told.append(_("E-mail to %(to)s: “%(subject)s”") % {"to": recipients, "subject": subject})
        told.append("\n".join(first))
    return told
