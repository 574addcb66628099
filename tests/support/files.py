"""Small real files of every kind that may be attached, and disguised ones, for the tests."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

# A made-up virus signature for the tests' own clamd database (never a real one, no EICAR).
TEST_VIRUS = b"STATSBIDRAG-TESTVIRUS-SIGNATUR-7F3A"


def png_bytes(text: bytes = b"") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack("!I", len(data))
            + kind
            + data
            + struct.pack("!I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack("!IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + (chunk(b"tEXt", b"Comment\x00" + text) if text else b"")
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\x00" * 64
        + b"\xff\xd9"
    )


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            kind = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return buffer.getvalue()


def _ooxml(main_type: str, part: str) -> bytes:
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type}"/></Types>'
    ).encode()
    return _zip([("[Content_Types].xml", types), ("_rels/.rels", b"<x/>"), (part, b"<x/>")])


def docx_bytes() -> bytes:
    return _ooxml(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/document.xml",
    )


def xlsx_bytes() -> bytes:
    return _ooxml(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "xl/workbook.xml",
    )


def odf_bytes(kind: str = "text") -> bytes:
    return _zip(
        [
            ("mimetype", f"application/vnd.oasis.opendocument.{kind}".encode()),
            ("content.xml", b"<x/>"),
            ("META-INF/manifest.xml", b"<x/>"),
        ],
        stored_first=True,
    )


def plain_zip_bytes() -> bytes:
    return _zip([("readme.txt", b"just a zip")])


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def infected_png_bytes() -> bytes:
    """A real PNG image that carries the tests' virus signature in a comment."""
    return png_bytes(TEST_VIRUS)
