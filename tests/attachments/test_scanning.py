"""Virus scanning against a real clamd (Debian's, with the tests' own signature): a clean
file is stored and served, an infected one refused and logged, and with the scanner down the
upload is kept as not yet scanned and not served until scan_attachments has cleared it."""

import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from attachments import kinds
from attachments.models import Attachment, AttachmentScan, ScanState
from attachments.scanning import scan_state, scan_waiting
from attachments.services import AttachmentInfected, attachment_response, attachment_store
from records.models import AuditEvent
from tests.support import files

pytestmark = pytest.mark.django_db


def store(name, content):
    with transaction.atomic():
        return attachment_store(file=files.upload(name, content), actor=None, kinds=kinds.DOCUMENTS)


def test_without_a_scanner_a_file_is_not_scanned_and_served(settings):
    settings.CLAMD_ADDRESS = ""
    attachment = store("bild.png", files.png_bytes())
    assert scan_state(attachment) == ScanState.NOT_SCANNED
    assert attachment_response(attachment).status_code == 200


def test_a_clean_file_is_scanned_and_served(scanner):
    attachment = store("bild.png", files.png_bytes())
    scan = AttachmentScan.objects.get(attachment=attachment)
    assert scan.state == ScanState.CLEAN
    assert scan.engine.startswith("ClamAV")
    response = attachment_response(attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.png_bytes()


def test_an_infected_file_is_refused_and_logged(scanner, caplog):
    with caplog.at_level(logging.WARNING), pytest.raises(ValidationError) as refused:
        store("bild.png", files.infected_png_bytes())
    assert isinstance(refused.value, AttachmentInfected)
    message = " ".join(refused.value.message_dict["file"])
    assert "hittade ett virus (Statsbidrag.Test.Virus" in message
    assert not Attachment.objects.exists()
    assert "Statsbidrag.Test.Virus" in caplog.text


def test_with_the_scanner_down_the_file_waits_and_is_not_served(
    scanner_down, settings, clamd_address
):
    attachment = store("bild.png", files.png_bytes())
    assert scan_state(attachment) == ScanState.WAITING
    held = attachment_response(attachment)
    assert held.status_code == 409
    assert "ännu inte virussökts" in held.content.decode()
    # The scanner is back: the sweep scans it, and it is served.
    settings.CLAMD_ADDRESS = clamd_address
    call_command("scan_attachments")
    assert scan_state(attachment) == ScanState.CLEAN
    assert AuditEvent.objects.get(action="attachment.scanned").data["state"] == "clean"
    assert attachment_response(attachment).status_code == 200


def test_a_waiting_file_found_infected_is_never_served(scanner_down, settings, clamd_address):
    attachment = store("bild.png", files.infected_png_bytes())
    settings.CLAMD_ADDRESS = clamd_address
    assert scan_waiting()[ScanState.INFECTED] == 1
    assert scan_state(attachment) == ScanState.INFECTED
    held = attachment_response(attachment)
    assert held.status_code == 409
    assert "hittade ett virus" in held.content.decode()
    event = AuditEvent.objects.get(action="attachment.infected")
    assert event.data["sha256"] == attachment.sha256


@pytest.mark.postgres
def test_the_database_refuses_to_change_or_delete_a_scan(scanner):
    from django.db import connection
    from django.db.utils import DatabaseError

    attachment = store("bild.png", files.png_bytes())
    scan = AttachmentScan.objects.get(attachment=attachment)
    for statement in (
        "UPDATE attachments_attachmentscan SET state = 'clean' WHERE id = %s",
        "DELETE FROM attachments_attachmentscan WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [scan.pk])
