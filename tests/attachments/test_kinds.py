"""The kinds a case accepts, by their content: PDF, PNG, JPEG, DOCX, XLSX, ODT/ODS/ODP.
A file that is not what it claims is refused with a Swedish message at the field."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from attachments import kinds
from attachments.models import Attachment
from attachments.services import attachment_store
from tests.support import files
from tests.support.pdfs import pdf_bytes

pytestmark = pytest.mark.django_db


def store(name, content, kinds_=kinds.DOCUMENTS):
    with transaction.atomic():
        return attachment_store(file=files.upload(name, content), actor=None, kinds=kinds_)


@pytest.mark.parametrize(
    ("name", "content", "mime", "kept"),
    [
        ("beslut.pdf", pdf_bytes(), "application/pdf", "beslut.pdf"),
        ("bild.png", files.png_bytes(), "image/png", "bild.png"),
        ("foto.jpeg", files.jpeg_bytes(), "image/jpeg", "foto.jpeg"),
        ("foto.JPG", files.jpeg_bytes(), "image/jpeg", "foto.jpg"),
        ("intyg.docx", files.docx_bytes(), kinds.DOCX.mime, "intyg.docx"),
        ("budget.xlsx", files.xlsx_bytes(), kinds.XLSX.mime, "budget.xlsx"),
        ("text.odt", files.odf_bytes("text"), kinds.ODT.mime, "text.odt"),
        ("kalkyl.ods", files.odf_bytes("spreadsheet"), kinds.ODS.mime, "kalkyl.ods"),
        ("bilder.odp", files.odf_bytes("presentation"), kinds.ODP.mime, "bilder.odp"),
        ("utan-namn", files.png_bytes(), "image/png", "utan-namn.png"),
    ],
)
def test_each_kind_is_stored_with_the_type_its_content_shows(name, content, mime, kept):
    attachment = store(name, content)
    assert attachment.content_type == mime
    assert attachment.filename == kept
    assert attachment.storage_name.endswith(kinds.claimed(kept).extensions[0])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("intyg.pdf", b"<html><script>alert(1)</script></html>", "inte någon av de sorter"),
        ("intyg.pdf", files.plain_zip_bytes(), "inte någon av de sorter"),
        ("bild.png", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "inte någon av de sorter"),
        ("intyg.docx", files.plain_zip_bytes(), "inte någon av de sorter"),
        ("intyg.pdf", files.png_bytes(), "innehållet är: PNG-bild"),
        ("budget.xlsx", files.docx_bytes(), "innehållet är: Word-dokument"),
        ("tom.pdf", b"", "Filen är tom"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(name, content, message):
    with pytest.raises(ValidationError) as refused:
        store(name, content)
    assert message in " ".join(refused.value.message_dict["file"])
    assert not Attachment.objects.exists()


def test_the_default_stays_pdf_only_for_the_ombud_s_mandate():
    with pytest.raises(ValidationError) as refused:
        store("bild.png", files.png_bytes(), kinds.PDF_ONLY)
    assert "inte ett PDF-dokument" in " ".join(refused.value.message_dict["file"])


def test_a_zip_with_a_huge_manifest_is_not_read_to_the_end():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b" " * (5 * 1024 * 1024))
        archive.writestr("word/document.xml", b"<x/>")
    with pytest.raises(ValidationError):
        store("bomb.docx", buffer.getvalue())
