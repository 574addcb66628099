"""Virus scanning of attachments (docs/storage.md, "Virus scanning").

Each scan is an ``AttachmentScan`` row appended beside the immutable ``Attachment``; the
latest one is the file's state:

- no scanner configured (``CLAMD_ADDRESS`` empty, as in ``make run``): "not scanned", served;
- clean: served;
- infected: refused at upload (nothing stored), or, found later, never served;
- the scanner unavailable at upload: the file is kept, "not yet scanned", and not served
  until ``scan_waiting`` (the ``scan_attachments`` command and Celery task) has cleared it.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction

from core import clock
from records.models import AuditAction
from records.services import audit_record

from . import clamd
from .models import Attachment, AttachmentScan, ScanState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanResult:
    state: ScanState
    engine: str = ""
    signature: str = ""
    detail: str = ""


def _chunks(file: Any) -> Iterator[bytes]:
    file.seek(0)
    yield from file.chunks()


def _scan(chunks: Iterator[bytes]) -> ScanResult:
    if not clamd.configured():
        return ScanResult(ScanState.NOT_SCANNED)
    try:
        verdict = clamd.scan(chunks)
    except clamd.ScannerUnavailable as error:
        logger.warning("virus scanner unavailable, file kept as not yet scanned: %s", error)
        return ScanResult(ScanState.WAITING, detail=str(error)[:300])
    if verdict.infected:
        return ScanResult(ScanState.INFECTED, engine=verdict.engine, signature=verdict.signature)
    return ScanResult(ScanState.CLEAN, engine=verdict.engine)


def scan_upload(file: Any) -> ScanResult:
    """Scan an uploaded file before it is stored."""
    try:
        return _scan(_chunks(file))
    finally:
        file.seek(0)


def scan_record(attachment: Attachment, result: ScanResult) -> AttachmentScan:
    return AttachmentScan.objects.create(
        attachment=attachment,
        state=result.state,
        scanned_at=clock.now(),
        engine=result.engine,
        signature=result.signature,
        detail=result.detail,
    )


def scan_state(attachment: Attachment) -> str:
    """The file's latest scan state (a file stored before scanning existed: not scanned)."""
    latest = (
        AttachmentScan.objects.filter(attachment=attachment)
        .order_by("-scanned_at", "-pk")
        .values_list("state", flat=True)
        .first()
    )
    return latest or ScanState.NOT_SCANNED


def servable(state: str) -> bool:
    return state in (ScanState.NOT_SCANNED, ScanState.CLEAN)


def latest_states(attachment_ids: list[int]) -> dict[int, str]:
    """Each attachment's latest scan state, in one query."""
    states: dict[int, str] = {}
    for attachment_id, state in (
        AttachmentScan.objects.filter(attachment_id__in=attachment_ids)
        .order_by("attachment_id", "scanned_at", "pk")
        .values_list("attachment_id", "state")
    ):
        states[attachment_id] = state
    return {pk: states.get(pk, ScanState.NOT_SCANNED) for pk in attachment_ids}


def waiting() -> list[Attachment]:
    """The attachments a configured scanner still has to look at: held back because the
    scanner was down, and, once one is configured, those stored without one."""
    wanted = {ScanState.WAITING} | ({ScanState.NOT_SCANNED} if clamd.configured() else set())
    ids = list(Attachment.objects.order_by("pk").values_list("pk", flat=True))
    pending = [pk for pk, state in latest_states(ids).items() if state in wanted]
    return list(Attachment.objects.filter(pk__in=pending).order_by("pk"))


def scan_waiting() -> dict[str, int]:
    """Scan every waiting file from the storage. Returns how many came out in each state.
    Does nothing without a scanner; stops at the first file the scanner cannot take."""
    counts = {state.value: 0 for state in ScanState}
    if not clamd.configured():
        return counts
    for attachment in waiting():
        with default_storage.open(attachment.storage_name, "rb") as stored:
            result = _scan(iter(stored.chunks()))
        if result.state == ScanState.WAITING:
            counts[ScanState.WAITING] += 1
            break
        # Every scan is written with its audit event (kept pages version off the trail).
        with transaction.atomic():
            scan_record(attachment, result)
            infected = result.state == ScanState.INFECTED
            if infected:
                logger.warning(
                    "infected attachment held back: %s (attachment %s, sha256 %s)",
                    result.signature,
                    attachment.pk,
                    attachment.sha256,
                )
            audit_record(
                actor=None,
                action=AuditAction.ATTACHMENT_INFECTED
                if infected
                else AuditAction.ATTACHMENT_SCANNED,
                target=attachment,
                data={
                    "sha256": attachment.sha256,
                    "filename": attachment.filename,
                    "state": result.state.value,
                    "signature": result.signature,
                    "engine": result.engine,
                },
            )
        counts[result.state] += 1
    return counts
