"""The shared attachment storage: only real PDFs by their content, a size limit, SHA-256
while streaming, a fresh name in the storage for every file, immutable rows, and downloads
with Content-Disposition: attachment and nosniff."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.utils import DatabaseError

from attachments.models import Attachment
from attachments.services import (
    AttachmentOutsideTransaction,
    attachment_intact,
    attachment_response,
    attachment_store,
    clean_filename,
)
from tests.support.pdfs import pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


def store(file, actor=None):
    with transaction.atomic():
        return attachment_store(file=file, actor=actor)


def test_a_pdf_is_stored_outside_the_database_with_its_hash(officer):
    content = pdf_bytes()
    attachment = store(SimpleUploadedFile("Mitt intyg.pdf", content), officer)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content)
    assert attachment.filename == "Mitt intyg.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.uploaded_by == officer
    assert attachment.storage_name.startswith("attachments/")
    assert "Mitt" not in attachment.storage_name  # the uploader's name is never the path
    with default_storage.open(attachment.storage_name, "rb") as stored:
        assert stored.read() == content
    assert attachment_intact(attachment)


def test_two_files_with_the_same_name_never_overwrite_each_other():
    first = store(pdf_upload("intyg.pdf", "ett"))
    second = store(pdf_upload("intyg.pdf", "två"))
    assert first.storage_name != second.storage_name
    assert first.sha256 != second.sha256
    assert attachment_intact(first) and attachment_intact(second)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("intyg.pdf", b"<html><script>alert(1)</script></html>", "inte ett PDF-dokument"),
        ("intyg.pdf", b"PK\x03\x04 a zip called pdf", "inte ett PDF-dokument"),
        ("intyg.pdf", b"%PDF-1.7\n%broken and never ends", "inte ett PDF-dokument"),
        ("intyg.exe", b"MZ\x90\x00", "inte ett PDF-dokument"),
        ("intyg.pdf", b"", "Filen är tom"),
    ],
)
def test_what_is_not_a_pdf_is_refused_at_the_field(name, content, message):
    with pytest.raises(ValidationError) as refused:
        store(SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert message in " ".join(refused.value.message_dict["file"])
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        store(pdf_upload())
    assert "större än" in " ".join(refused.value.message_dict["file"])
    assert not Attachment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_storing_needs_the_change_s_transaction():
    with pytest.raises(AttachmentOutsideTransaction):
        attachment_store(file=pdf_upload(), actor=None)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\intyg.pdf", "intyg.pdf"),
        ("<script>x</script>.pdf", "script.pdf"),
        ("a\x00b\x1fc.PDF", "a_b_c.pdf"),
        ("", "bilaga.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
        ("intyg", "intyg.pdf"),
    ],
)
def test_the_file_name_is_cleaned(given, kept):
    assert clean_filename(given) == kept


def test_the_download_is_an_attachment_with_nosniff():
    attachment = store(pdf_upload("Intyg ö.pdf"))
    response = attachment_response(attachment)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == pdf_bytes()


@pytest.mark.postgres
def test_the_database_refuses_to_change_or_delete_an_attachment():
    attachment = store(pdf_upload())
    for statement in (
        "UPDATE attachments_attachment SET sha256 = 'x' WHERE id = %s",
        "DELETE FROM attachments_attachment WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [attachment.pk])
    attachment.refresh_from_db()
    assert attachment_intact(attachment)


def test_verify_attachments_names_a_changed_file_and_lists_orphans():
    from io import StringIO

    from django.core.files.base import ContentFile
    from django.core.management import CommandError, call_command

    kept = store(pdf_upload("kept.pdf", "kept"))
    changed = store(pdf_upload("changed.pdf", "changed"))
    out = StringIO()
    call_command("verify_attachments", stdout=out)
    assert "Every attachment's file is as it was handed in." in out.getvalue()
    # Behind the service's back: a file replaced, and one left by a rolled-back change.
    default_storage.delete(changed.storage_name)
    default_storage.save(changed.storage_name, ContentFile(pdf_bytes("forged")))
    default_storage.save("attachments/2026/12/orphan.pdf", ContentFile(pdf_bytes()))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 attachment"):
        call_command("verify_attachments", stdout=out, stderr=err)
    assert changed.storage_name in err.getvalue() and "changed" in err.getvalue()
    assert kept.storage_name not in err.getvalue()
    assert "attachments/2026/12/orphan.pdf" in out.getvalue()
    default_storage.delete("attachments/2026/12/orphan.pdf")
