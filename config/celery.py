"""The Celery application. With no broker configured, tasks run inline (see settings)."""

import os

from celery import Celery

from core.schedules import DailyAt

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("statsbidrag")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# 07:00 Stockholm wall-clock time every day, also when the clocks change (see core.schedules).
app.conf.beat_schedule = {
    "daily-reminders": {"task": "reminders.tasks.daily_sweep", "schedule": DailyAt(7, 0, app=app)},
    # Whatever could not be handed to a worker (broker down, worker died) is sent from here.
    "send-queued-emails": {"task": "notifications.tasks.send_queued_emails", "schedule": 300.0},
    # Files kept while the virus scanner was down wait, not served, until this scans them.
    "scan-attachments": {"task": "attachments.tasks.scan_attachments", "schedule": 600.0},
}
