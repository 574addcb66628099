"""A case's files end to end: the region attaches to its report, a disguised file is refused
at the field with the rest kept, the right users download and the wrong ones do not, nothing
is added once the report is sent, the officer attaches to a decision, the case pages list
the files, and the dossier carries them with their SHA-256 in the manifest."""

import csv
import hashlib
import io
import zipfile

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from accounts.models import RegionRole
from attachments.cases import case_attachments_add
from attachments.models import CaseAttachment
from records.models import AuditEvent
from tests import factories
from tests.support import files
from tests.support.pdfs import pdf_bytes

pytestmark = pytest.mark.django_db

REGION_PAGE = "/region/01/bidrag/2025/bilagor/"
STAFF_PAGE = "/handlaggare/bidrag/2025/region/01/bilagor/"


def _attach_report_file(client, user, name="styrelsebeslut.pdf", content=None):
    client.force_login(user)
    return client.post(
        REGION_PAGE,
        {
            "part": "report",
            "uploads": files.upload(name, content or pdf_bytes("Styrelsens beslut")),
            "description": "Styrelsens beslut",
        },
    )


def test_the_region_attaches_a_file_to_its_report(client, paid_case, region_submitter):
    preparer = factories.region_user(paid_case.region, RegionRole.PREPARER)
    response = _attach_report_file(client, preparer)
    assert response.status_code == 302
    link = CaseAttachment.objects.get(case=paid_case)
    assert link.part == "report" and link.added_by == preparer
    event = AuditEvent.objects.get(action="attachment.case_added")
    assert (
        event.data["files"][0]["sha256"]
        == hashlib.sha256(pdf_bytes("Styrelsens beslut")).hexdigest()
    )
    page = client.get(REGION_PAGE).content.decode()
    assert "styrelsebeslut.pdf" in page and "Redovisning (utkast)" in page
    case_page = client.get("/region/01/bidrag/2025/").content.decode()
    assert "styrelsebeslut.pdf" in case_page


def test_a_disguised_file_is_refused_at_the_field_and_the_rest_kept(
    client, paid_case, region_submitter
):
    client.force_login(region_submitter)
    response = client.post(
        REGION_PAGE,
        {
            "part": "report",
            "uploads": files.upload(
                "intyg.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
            ),
            "description": "Revisorns intyg",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "inte någon av de sorter som kan bifogas" in page
    assert 'value="Revisorns intyg"' in page
    assert "välj filerna igen" in page
    assert "<script>alert(1)" not in page
    assert not CaseAttachment.objects.exists()


def test_the_right_users_download_and_the_wrong_ones_do_not(
    client, paid_case, region_submitter, officer, auditor, uppsala
):
    _attach_report_file(client, region_submitter)
    link = CaseAttachment.objects.get()
    for user, url in [
        (region_submitter, f"{REGION_PAGE}{link.pk}/"),
        (officer, f"{STAFF_PAGE}{link.pk}/"),
        (auditor, f"{STAFF_PAGE}{link.pk}/"),
    ]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == pdf_bytes("Styrelsens beslut")
    stranger = factories.region_user(uppsala, RegionRole.ADMIN)
    client.force_login(stranger)
    assert client.get(f"{REGION_PAGE}{link.pk}/").status_code in (403, 404)
    # Uppsala's own URL does not reach Stockholm's file either.
    assert client.get(f"/region/03/bidrag/2025/bilagor/{link.pk}/").status_code == 404
    assert client.get(f"{STAFF_PAGE}{link.pk}/").status_code == 403


def test_nothing_is_added_once_the_report_is_sent(client, reported_case, region_submitter):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        case_attachments_add(
            case=reported_case,
            part="report",
            files=[files.upload("sent.png", files.png_bytes())],
            description="",
            actor=region_submitter,
        )
    assert "inskickad" in " ".join(refused.value.message_dict["part"])
    client.force_login(region_submitter)
    assert 'value="report"' not in client.get(REGION_PAGE).content.decode()


@pytest.mark.postgres
def test_the_database_refuses_to_change_or_delete_a_case_file(client, paid_case, region_submitter):
    _attach_report_file(client, region_submitter)
    link = CaseAttachment.objects.get()
    for statement in (
        "UPDATE attachments_caseattachment SET part = 'decision' WHERE id = %s",
        "DELETE FROM attachments_caseattachment WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [link.pk])


def test_the_officer_attaches_to_a_decision_and_the_auditor_cannot(
    client, paid_case, officer, auditor
):
    client.force_login(auditor)
    assert client.post(STAFF_PAGE, {"part": "decision"}).status_code == 403
    client.force_login(officer)
    response = client.post(
        STAFF_PAGE,
        {"part": "decision", "uploads": files.upload("underlag.xlsx", files.xlsx_bytes())},
    )
    assert response.status_code == 302
    assert CaseAttachment.objects.get().attachment.content_type.endswith("spreadsheetml.sheet")
    page = client.get("/handlaggare/bidrag/2025/region/01/").content.decode()
    assert "underlag.xlsx" in page and "inte virussökt" in page


def test_the_dossier_carries_each_file_with_its_hash(client, paid_case, region_submitter, officer):
    _attach_report_file(client, region_submitter)
    client.force_login(officer)
    response = client.get("/handlaggare/bidrag/2025/region/01/akt.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(getattr(response, "streaming_content", [response.content])))
    )
    names = [n for n in archive.namelist() if n.startswith("bilagor/")]
    assert names == ["bilagor/01-styrelsebeslut.pdf"]
    content = archive.read(names[0])
    assert content == pdf_bytes("Styrelsens beslut")
    manifest = list(
        csv.reader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig")), delimiter=";")
    )
    row = next(r for r in manifest if r[0] == names[0])
    assert row[1] == hashlib.sha256(content).hexdigest()
    assert hashlib.sha256(content).hexdigest() in row[2]


def test_an_infected_file_is_refused_at_the_field_and_recorded(
    client, paid_case, region_submitter, scanner
):
    client.force_login(region_submitter)
    response = client.post(
        REGION_PAGE,
        {
            "part": "report",
            "uploads": files.upload("bild.png", files.infected_png_bytes(), "image/png"),
            "description": "Bild",
        },
    )
    assert response.status_code == 200
    assert "Virussökningen hittade ett virus (Statsbidrag.Test.Virus" in response.content.decode()
    assert not CaseAttachment.objects.exists()
    event = AuditEvent.objects.get(action="attachment.refused_infected")
    assert event.data["signature"].startswith("Statsbidrag.Test.Virus")
    assert event.data["sha256"] == hashlib.sha256(files.infected_png_bytes()).hexdigest()


@pytest.mark.postgres
def test_the_database_refuses_a_file_for_a_report_already_sent(reported_case, region_submitter):
    from attachments.services import attachment_store

    with pytest.raises(DatabaseError), transaction.atomic():
        attachment = attachment_store(
            file=files.upload("sent.png", files.png_bytes()),
            actor=region_submitter,
            kinds=("png",),
        )
        CaseAttachment.objects.create(
            case=reported_case, attachment=attachment, part="report", added_by=region_submitter
        )
