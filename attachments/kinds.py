"""The kinds of file that may be handed in, told apart by their content (docs/storage.md).

The ``filetype`` library reads a file's first bytes. PDF, PNG and JPEG are known from their
signature (a PDF must also end as one does). DOCX, XLSX and the OpenDocument formats are ZIP
archives: ``zipfile`` reads the archive's directory and, bounded, the one entry that says what
the archive is ([Content_Types].xml for Office Open XML, ``mimetype`` for OpenDocument).
Nothing is extracted, and a damaged or odd archive is simply not a known kind.
"""

import zipfile
from dataclasses import dataclass
from typing import Any

import filetype
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    mime: str
    extensions: tuple[str, ...]  # the first is the one a stored file gets
    label: str | Promise


PDF = Kind("pdf", "application/pdf", (".pdf",), _("PDF"))
PNG = Kind("png", "image/png", (".png",), _("PNG image"))
JPEG = Kind("jpeg", "image/jpeg", (".jpg", ".jpeg"), _("JPEG image"))
DOCX = Kind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    _("Word document (DOCX)"),
)
XLSX = Kind(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    _("Excel workbook (XLSX)"),
)
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", (".odt",), _("OpenDocument text"))
ODS = Kind(
    "ods",
    "application/vnd.oasis.opendocument.spreadsheet",
    (".ods",),
    _("OpenDocument spreadsheet"),
)
ODP = Kind(
    "odp",
    "application/vnd.oasis.opendocument.presentation",
    (".odp",),
    _("OpenDocument presentation"),
)

KINDS: dict[str, Kind] = {k.code: k for k in (PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, ODP)}
# What a mandate document may be (the ombud application): a PDF only.
PDF_ONLY: tuple[str, ...] = ("pdf",)
# What may be attached to a case or a message.
DOCUMENTS: tuple[str, ...] = tuple(KINDS)

# filetype reads this many bytes; its Office matchers look a little further than the signature.
HEAD_BYTES = 8192
TAIL_BYTES = 2048
# Bounds on reading an archive: how many entries, and how much of the one that is read.
_MAX_ENTRIES = 20_000
_MAX_MANIFEST_BYTES = 256 * 1024
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        DOCX,
        "word/",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (XLSX, "xl/"),
}
_ODF = {k.mime: k for k in (ODT, ODS, ODP)}


def _zip_kind(file: Any) -> Kind | None:
    """The Office or OpenDocument kind of a ZIP archive, by its content, or None."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > _MAX_ENTRIES:
                return None
            names = {info.filename for info in infos}
            if infos and infos[0].filename == "mimetype":
                with archive.open(infos[0]) as entry:
                    declared = entry.read(200).decode("ascii", "replace").strip()
                odf = _ODF.get(declared)
                return odf if odf and "content.xml" in names else None
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as entry:
                    manifest = entry.read(_MAX_MANIFEST_BYTES + 1)
                if len(manifest) > _MAX_MANIFEST_BYTES:
                    return None
                text = manifest.decode("utf-8", "replace")
                found = [
                    (kind, folder)
                    for content_type, (kind, folder) in _OOXML_MAIN.items()
                    if f'ContentType="{content_type}"' in text
                ]
                if len(found) == 1 and any(n.startswith(found[0][1]) for n in names):
                    return found[0][0]
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError, KeyError):  # fmt: skip
        return None
    finally:
        file.seek(0)


def detect(file: Any, head: bytes, tail: bytes) -> Kind | None:
    """What the file is by its content: one of KINDS, or None."""
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.mime == PDF.mime:
        return PDF if head.startswith(b"%PDF-") and b"%%EOF" in tail else None
    if guess.mime == PNG.mime:
        return PNG
    if guess.mime == JPEG.mime:
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    return None


def claimed(name: str) -> Kind | None:
    """The kind a file's name claims by its extension, if it names one of KINDS."""
    lowered = (name or "").lower()
    for kind in KINDS.values():
        if lowered.endswith(kind.extensions):
            return kind
    return None


def labels(codes: tuple[str, ...]) -> str:
    return ", ".join(str(KINDS[code].label) for code in codes)
