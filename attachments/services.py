"""Storing and serving attachments (docs/storage.md).

``attachment_store`` takes an uploaded file, checks from its content that it is one of the
kinds the caller accepts (attachments/kinds.py; the name and the browser's content type are
not trusted), refuses an empty or too large file, computes the SHA-256 while it streams the
file into ``default_storage`` under a fresh name, has the virus scanner look at it
(attachments/scanning.py), and writes the row in the caller's transaction.
``attachment_response`` serves a file as a download with ``nosniff``, once the caller has
checked that the user may see it, and only if the scanner has not held it back.

A file written by a transaction that then rolls back stays in the storage with no row
pointing at it: harmless, as nobody can reach it; ``manage.py verify_attachments`` lists such
files and checks every stored one against its row (docs/storage.md).
"""

import hashlib
import logging
import re
import unicodedata
import uuid
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core import clock

from . import kinds as file_kinds
from . import scanning
from .models import Attachment, ScanState

logger = logging.getLogger(__name__)

PDF = "application/pdf"
# What filetype reads to know a file's kind: the first bytes.
_HEAD_BYTES = file_kinds.HEAD_BYTES
# A PDF ends with %%EOF, possibly followed by a few line ends.
_TAIL_BYTES = file_kinds.TAIL_BYTES
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


class AttachmentOutsideTransaction(RuntimeError):
    """An attachment was stored outside the transaction of the change that hands it in."""


def max_bytes() -> int:
    return int(settings.ATTACHMENT_MAX_BYTES)


def clean_filename(name: str, *, extension: str = ".pdf", fallback: str = "bilaga") -> str:
    """The uploader's file name as it may be shown and offered again: its last part only,
    without control or path characters, at most 200 characters, ending in ``extension``
    (a name ending in another of the kind's extensions, ".jpeg" for ".jpg", keeps it)."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE.sub("_", name).strip(" ._")
    kind = file_kinds.claimed(extension)
    for candidate in kind.extensions if kind else (extension,):
        if name.lower().endswith(candidate):
            extension = candidate
            break
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


def attachment_check(
    *, file: Any, field: str = "file", kinds: tuple[str, ...] = file_kinds.PDF_ONLY
) -> file_kinds.Kind:
    """Refuse, at ``field``, what would not be stored: not one of ``kinds`` by its content
    (or not what its name claims), empty or too large. For a form's ``clean`` (the service
    checks again). Returns the kind the content shows."""
    return _checked(file, field, kinds)[2]


def _refused(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _checked(file: Any, field: str, kinds: tuple[str, ...]) -> tuple[str, int, file_kinds.Kind]:
    pdf_only = tuple(kinds) == file_kinds.PDF_ONLY
    allowed = file_kinds.labels(kinds)
    if file is None:
        raise _refused(
            field,
            _("Attach the document as a PDF file.")
            if pdf_only
            else _("Choose a file to attach (%(kinds)s).") % {"kinds": allowed},
        )
    sha256, size, head, tail = _read_all(file)
    if size == 0:
        raise _refused(
            field,
            _("The file is empty. Attach the document as a PDF file.")
            if pdf_only
            else _("The file is empty. Choose the file again."),
        )
    if size > max_bytes():
        mb = max_bytes() // (1024 * 1024)
        raise _refused(
            field,
            _("The file is larger than %(mb)d MB. Attach a smaller PDF file.") % {"mb": mb}
            if pdf_only
            else _("The file is larger than %(mb)d MB. Choose a smaller file.") % {"mb": mb},
        )
    kind = file_kinds.detect(file, head, tail)
    if pdf_only:
        if kind is None or kind.code != "pdf":
            raise _refused(
                field,
                _(
                    "The file is not a PDF document. Save or scan the document as PDF and "
                    "attach that file."
                ),
            )
        return sha256, size, kind
    if kind is None or kind.code not in kinds:
        raise _refused(
            field,
            _(
                "The file's content is not one of the kinds that can be attached (%(kinds)s), "
                "whatever its name says. Save the document as one of them and choose the "
                "file again."
            )
            % {"kinds": allowed},
        )
    named = file_kinds.claimed(getattr(file, "name", "") or "")
    if named is not None and named != kind:
        raise _refused(
            field,
            _(
                "The file is named as a %(named)s but its content is a %(actual)s. Check that "
                "you chose the right file and choose it again."
            )
            % {"named": named.label, "actual": kind.label},
        )
    return sha256, size, kind


class AttachmentInfected(ValidationError):
    """The scanner found a virus in a file handed in: it is refused and not stored."""

    def __init__(self, field: str, *, signature: str, sha256: str, filename: str):
        super().__init__(
            {
                field: _(
                    "The virus scanner found a virus (%(name)s) in the file, so it was not "
                    "accepted. Do not send this file again; contact your IT support."
                )
                % {"name": signature}
            }
        )
        self.signature = signature
        self.sha256 = sha256
        self.filename = filename


def attachment_store(
    *,
    file: Any,
    actor: Any,
    field: str = "file",
    kinds: tuple[str, ...] = file_kinds.PDF_ONLY,
) -> Attachment:
    """Store an uploaded file of one of ``kinds`` (by its content) under a new name, have it
    scanned, and record it. Must run inside the transaction of the change that hands it in
    (that change's audit event carries the ``sha256``). An infected file raises
    ``AttachmentInfected`` (a ValidationError at ``field``) and is not kept."""
    if not transaction.get_connection().in_atomic_block:
        raise AttachmentOutsideTransaction(
            "attachment_store() must run inside the change's transaction"
        )
    sha256, size, kind = _checked(file, field, kinds)
    filename = clean_filename(getattr(file, "name", "") or "", extension=kind.extensions[0])
    verdict = scanning.scan_upload(file)
    if verdict.state == ScanState.INFECTED:
        logger.warning(
            "infected file refused: %s (sha256 %s, %s bytes, %r) from user %s",
            verdict.signature,
            sha256,
            size,
            filename,
            getattr(actor, "pk", None),
        )
        raise AttachmentInfected(
            field, signature=verdict.signature, sha256=sha256, filename=filename
        )
    now = clock.now()
    wanted = f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}{kind.extensions[0]}"
    if default_storage.exists(wanted):  # never another file's name (a uuid4 will not repeat)
        raise RuntimeError(f"attachment name taken: {wanted}")
    file.seek(0)
    stored = default_storage.save(wanted, file)
    if stored != wanted:
        raise RuntimeError(f"the storage chose another name: {stored}")
    attachment = Attachment.objects.create(
        storage_name=stored,
        filename=filename,
        size=size,
        content_type=kind.mime,
        sha256=sha256,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        uploaded_at=now,
    )
    scanning.scan_record(attachment, verdict)
    return attachment


def attachment_response(attachment: Attachment) -> HttpResponseBase:
    """The file as a download. The caller has checked that the user may see it. A file the
    scanner has not cleared while a scanner is configured, or found infected, is not served:
    the answer says why (409)."""
    state = scanning.scan_state(attachment)
    if not scanning.servable(state):
        held = HttpResponse(
            render_to_string(
                "attachments/held_back.html",
                {"attachment": attachment, "infected": state == ScanState.INFECTED},
            ),
            status=409,
        )
        held["X-Content-Type-Options"] = "nosniff"
        return held
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
