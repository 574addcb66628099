"""An e-mail backend for tests that run a real Celery worker: writes each message to a file
after a pause, so a test can kill the worker in the middle of a batch."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_EMAIL_SECONDS", "0.3")))
        return super().send_messages(email_messages)
