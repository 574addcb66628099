"""Storing and serving attachments (docs/storage.md).

``attachment_store`` takes an uploaded file, checks from its content that it is a PDF (the
``filetype`` library reads its signature; the name and the browser's content type are not
trusted), refuses an empty or too large file, computes the SHA-256 while it streams the file
into ``default_storage`` under a fresh name, and writes the row in the caller's transaction.
``attachment_response`` serves a file as a download with ``nosniff``, once the caller has
checked that the user may see it.

A file written by a transaction that then rolls back stays in the storage with no row
pointing at it: harmless, as nobody can reach it; ``manage.py verify_attachments`` lists such
files and checks every stored one against its row (docs/storage.md).
"""

import hashlib
import re
import unicodedata
import uuid
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse
from django.utils.translation import gettext as _

from core import clock

from .models import Attachment

PDF = "application/pdf"
# What filetype reads to know a file's kind: the first bytes.
_HEAD_BYTES = 261
# A PDF ends with %%EOF, possibly followed by a few line ends.
_TAIL_BYTES = 2048
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


class AttachmentOutsideTransaction(RuntimeError):
    """An attachment was stored outside the transaction of the change that hands it in."""


def max_bytes() -> int:
    return int(settings.ATTACHMENT_MAX_BYTES)


def clean_filename(name: str, *, extension: str = ".pdf", fallback: str = "bilaga") -> str:
    """The uploader's file name as it may be shown and offered again: its last part only,
    without control or path characters, at most 200 characters, ending in ``extension``."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE.sub("_", name).strip(" ._")
    stem = name[: -len(extension)] if name.lower().endswith(extension) else name
    stem = stem.strip(" ._") or fallback
    return stem[: 200 - len(extension)] + extension


def _read_all(file: Any) -> tuple[str, int, bytes, bytes]:
    """SHA-256, size, the first and the last bytes, reading the file once in chunks."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    tail = b""
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
        size += len(chunk)
        if len(head) < _HEAD_BYTES:
            head += chunk[: _HEAD_BYTES - len(head)]
        tail = (tail + chunk)[-_TAIL_BYTES:]
        if size > max_bytes():
            break
    file.seek(0)
    return digest.hexdigest(), size, head, tail


def is_pdf(head: bytes, tail: bytes) -> bool:
    kind = filetype.guess(head)
    return kind is not None and kind.mime == PDF and head.startswith(b"%PDF-") and b"%%EOF" in tail


def attachment_check(*, file: Any, field: str = "file") -> None:
    """Refuse, at ``field``, what would not be stored: not a PDF by its content, empty or
    too large. For a form's ``clean`` (the service checks again)."""
    _checked(file, field)


def _checked(file: Any, field: str) -> tuple[str, int]:
    if file is None:
        raise ValidationError({field: _("Attach the document as a PDF file.")})
    sha256, size, head, tail = _read_all(file)
    if size == 0:
        raise ValidationError({field: _("The file is empty. Attach the document as a PDF file.")})
    if size > max_bytes():
        raise ValidationError(
            {
                field: _("The file is larger than %(mb)d MB. Attach a smaller PDF file.")
                % {"mb": max_bytes() // (1024 * 1024)}
            }
        )
    if not is_pdf(head, tail):
        raise ValidationError(
            {
                field: _(
                    "The file is not a PDF document. Save or scan the document as PDF and "
                    "attach that file."
                )
            }
        )
    return sha256, size


def attachment_store(*, file: Any, actor: Any, field: str = "file") -> Attachment:
    """Store an uploaded PDF under a new name and record it. Must run inside the transaction
    of the change that hands it in (that change's audit event carries the ``sha256``)."""
    if not transaction.get_connection().in_atomic_block:
        raise AttachmentOutsideTransaction(
            "attachment_store() must run inside the change's transaction"
        )
    sha256, size = _checked(file, field)
    now = clock.now()
    wanted = f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}.pdf"
    if default_storage.exists(wanted):  # never another file's name (a uuid4 will not repeat)
        raise RuntimeError(f"attachment name taken: {wanted}")
    stored = default_storage.save(wanted, file)
    if stored != wanted:
        raise RuntimeError(f"the storage chose another name: {stored}")
    return Attachment.objects.create(
        storage_name=stored,
        filename=clean_filename(getattr(file, "name", "") or ""),
        size=size,
        content_type=PDF,
        sha256=sha256,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        uploaded_at=now,
    )


def attachment_response(attachment: Attachment) -> FileResponse:
    """The file as a download. The caller has checked that the user may see it."""
    response = FileResponse(
        default_storage.open(attachment.storage_name, "rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_intact(attachment: Attachment) -> bool:
    """Whether the stored file is still the one handed in (its SHA-256 and size)."""
    if not default_storage.exists(attachment.storage_name):
        return False
    digest = hashlib.sha256()
    size = 0
    with default_storage.open(attachment.storage_name, "rb") as stored:
        for chunk in stored.chunks():
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest() == attachment.sha256 and size == attachment.size


def attachment_breaks() -> list[str]:
    """Each attachment whose file is missing or no longer the one handed in."""
    return [
        f"{attachment.storage_name} (attachment {attachment.pk}, {attachment.filename}): "
        + ("missing" if not default_storage.exists(attachment.storage_name) else "changed")
        for attachment in Attachment.objects.order_by("pk").iterator()
        if not attachment_intact(attachment)
    ]


def _stored_names(folder: str) -> list[str]:
    if not default_storage.exists(folder):
        return []
    folders, files = default_storage.listdir(folder)
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names += _stored_names(f"{folder}/{sub}")
    return names


def attachments_orphaned() -> list[str]:
    """Files under attachments/ in the storage that no row names: written by a transaction
    that rolled back. Nobody can reach them; an operator may remove them."""
    known = set(Attachment.objects.values_list("storage_name", flat=True))
    return sorted(name for name in _stored_names("attachments") if name not in known)
