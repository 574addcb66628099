"""Celery tasks for the outbox. Each sends through :func:`notifications.services.email_send`,
whose conditional claim makes a duplicate delivery of the task harmless."""

from celery import shared_task

from .services import email_send, emails_pending, emails_requeue_stale


@shared_task(bind=True, acks_late=True, max_retries=5)
def send_email(self, pk: int) -> bool:
    try:
        return email_send(pk)
    except Exception as error:
        if self.request.is_eager:
            # Inline (no broker): the message stays queued for the next sweep.
            raise
        raise self.retry(exc=error, countdown=min(3600, 30 * 2**self.request.retries)) from error


@shared_task(acks_late=True)
def send_queued_emails() -> int:
    """Send what is waiting: messages queued while the broker was down, or released from a
    worker that died mid-send."""
    emails_requeue_stale()
    sent = 0
    for pk in emails_pending():
        try:
            sent += email_send(pk)
        except Exception:  # noqa: S112 - a failing message keeps its error; the rest go on
            continue
    return sent
