"""E-mail backends for tests: one for tests that run a real Celery worker (writes each
message to a file after a pause, so a test can kill the worker in the middle of a batch),
and Django's SMTP backend talking to a mail server in memory."""

import os
import smtplib
import threading
import time

from django.core.mail.backends.filebased import EmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPEmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "0.3")))
        return super().send_messages(email_messages)


class FakeMailServer:
    """A mail server in memory for Django's SMTP backend (``SMTPBackendToFakeServer``): the
    messages it accepted and, at each step of a conversation, the outbox's statuses as
    another database connection sees them (what survives if the worker dies right then)."""

    def __init__(self) -> None:
        self.accepted: list[bytes] = []
        self.steps: list[tuple[str, list[str]]] = []
        self.fail_on_quit = False
        self.die_after_accepting = False

    def note(self, step: str) -> None:
        self.steps.append((step, _statuses_seen_from_another_connection()))


class WorkerKilled(BaseException):
    """The worker process dies (nothing in it catches this)."""


SERVER = FakeMailServer()


def _statuses_seen_from_another_connection() -> list[str]:
    from django.db import connections

    from notifications.models import Email

    seen: list[str] = []

    def read() -> None:
        try:
            seen.extend(Email.objects.order_by("pk").values_list("status", flat=True))
        finally:
            connections.close_all()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=30)
    return seen


class _FakeSMTP:
    """What Django's SMTP backend calls on smtplib.SMTP."""

    def __init__(self, host: str, port: int, **kwargs) -> None:
        SERVER.note("connect")

    def sendmail(self, from_addr, to_addrs, msg, *args, **kwargs):
        SERVER.accepted.append(msg)
        SERVER.note("accepted")
        if SERVER.die_after_accepting:
            raise WorkerKilled
        return {}

    def quit(self):
        SERVER.note("quit")
        if SERVER.fail_on_quit:
            raise smtplib.SMTPResponseException(421, b"closing, try later")

    def close(self):
        pass


class SMTPBackendToFakeServer(SMTPEmailBackend):
    @property
    def connection_class(self):
        return _FakeSMTP
