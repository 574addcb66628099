"""The sweep that scans files kept while the virus scanner was unavailable (beat, every
10 minutes; docs/storage.md)."""

from celery import shared_task

from .scanning import scan_waiting


@shared_task(acks_late=True)
def scan_attachments() -> dict[str, int]:
    return scan_waiting()
