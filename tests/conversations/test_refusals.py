"""What is refused: bad input at its field in Swedish (nothing typed is lost, nothing is
stored), another region's user, a file of another case; and the database keeps every
message, file link and read marker as written."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from conversations.models import MAX_BODY, Message, MessageAttachment, MessageRead
from conversations.services import message_send
from notifications.models import Email
from records.models import AuditEvent
from tests.support.pdfs import pdf_bytes, pdf_upload

from .conftest import OFFICER_PAGE, REGION_PAGE, logged_in

pytestmark = pytest.mark.django_db

TYPED = "Här är vår fråga om redovisningen, som inte får försvinna."


def field_errors(response, field: str) -> str:
    """The text of the errors shown under a field (crispy's invalid-feedback)."""
    html = response.content.decode()
    found = re.findall(
        rf'<(?:span|div|p)[^>]*id="error_\d+_id_{field}"[^>]*>(.*?)</(?:span|div|p)>', html, re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", part) for part in found)


def nothing_stored():
    return (
        Message.objects.count(),
        MessageAttachment.objects.count(),
        Email.objects.count(),
        AuditEvent.objects.filter(action="message.sent").count(),
    ) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("data", "field", "said"),
    [
        ({"body": ""}, "body", "Skriv ett meddelande."),
        ({"body": "   \n  "}, "body", "Skriv ett meddelande."),
        ({"body": "x" * (MAX_BODY + 1)}, "body", "Skriv högst 5000 tecken (du skrev 5001)."),
        ({"body": "<script>alert(1)</script>"}, "body", "Skriv vanlig text utan HTML-kod"),
    ],
    ids=["empty", "blank", "too long", "markup"],
)
def test_a_bad_body_is_refused_at_its_field(case, region_submitter, data, field, said):
    response = logged_in(region_submitter).post(REGION_PAGE, data)
    assert response.status_code == 200
    assert said in field_errors(response, field)
    assert "Det finns ett problem" in response.content.decode()
    assert nothing_stored()


@pytest.mark.parametrize(
    ("upload", "said"),
    [
        (
            SimpleUploadedFile("intyg.pdf", b"<html>inte en pdf</html>"),
            "Filen är inte ett PDF-dokument.",
        ),
        (SimpleUploadedFile("tom.pdf", b""), "tom"),
        (SimpleUploadedFile("avkortad.pdf", pdf_bytes()[:200]), "Filen är inte ett PDF-dokument."),
    ],
    ids=["html named pdf", "empty", "truncated"],
)
def test_a_bad_file_is_refused_at_its_field_and_the_text_is_kept(
    case, region_submitter, upload, said
):
    response = logged_in(region_submitter).post(REGION_PAGE, {"body": TYPED, "attachments": upload})
    assert response.status_code == 200
    assert said in field_errors(response, "attachments")
    assert TYPED in response.content.decode()  # what was typed is still in the box
    assert nothing_stored()


def test_too_many_files_are_refused(case, officer):
    files = [pdf_upload(f"bilaga-{n}.pdf") for n in range(6)]
    response = logged_in(officer).post(OFFICER_PAGE, {"body": TYPED, "attachments": files})
    assert "Bifoga högst 5 filer." in field_errors(response, "attachments")
    assert nothing_stored()


def test_another_regions_user_gets_what_they_get_for_any_other_page_of_that_region(
    case, region_submitter, uppsala_user
):
    message = message_send(
        case=case, body=TYPED, files=[pdf_upload("avtal.pdf")], actor=region_submitter
    )
    link = message.files.get()
    client = logged_in(uppsala_user)
    for path in (REGION_PAGE, f"{REGION_PAGE}bilaga/{link.pk}/", "/region/01/bidrag/2025/"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert TYPED not in response.content.decode()
    assert client.post(REGION_PAGE, {"body": "Intrång"}).status_code == 403
    # Their own region's address does not serve Stockholm's file either.
    assert client.get(f"/region/03/bidrag/2025/meddelanden/bilaga/{link.pk}/").status_code == 404
    assert TYPED not in client.get("/region/03/bidrag/2025/meddelanden/").content.decode()
    # Nor do the officers' pages.
    assert client.get(OFFICER_PAGE).status_code == 403
    assert Message.objects.count() == 1


def test_the_dossier_holds_the_conversation_and_its_files_with_their_hashes(
    case, officer, region_submitter, ombud
):
    from reporting.dossier import case_dossier

    question = message_send(
        case=case, body=TYPED, files=[pdf_upload("avtal.pdf", "Avtal")], actor=region_submitter
    )
    message_send(case=case, body="Vi har tagit emot avtalet.", actor=officer)
    logged_in(officer).get(OFFICER_PAGE)  # the officer reads the question
    archive = zipfile.ZipFile(io.BytesIO(case_dossier(case).content))
    table = archive.read("meddelanden.csv").decode("utf-8")
    assert TYPED in table and "Vi har tagit emot avtalet." in table
    assert "Regionen" in table and "Socialstyrelsen" in table
    assert officer.get_full_name() in table  # who read the question
    attachment = question.files.get().attachment
    name = "meddelanden/01-1-avtal.pdf"
    assert archive.read(name) == pdf_bytes("Avtal")
    manifest = archive.read("manifest.csv").decode("utf-8")
    line = next(line for line in manifest.splitlines() if line.startswith(name))
    assert attachment.sha256 in line
    assert any(line.startswith("meddelanden.csv") for line in manifest.splitlines())


def test_a_message_is_marked_read_once_per_user(case, officer, region_submitter):
    message_send(case=case, body=TYPED, actor=region_submitter)
    client = logged_in(officer)
    client.get(OFFICER_PAGE)
    client.get(OFFICER_PAGE)
    assert MessageRead.objects.filter(user=officer).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        MessageRead.objects.create(message=Message.objects.get(), user=officer)


def test_the_database_refuses_an_empty_message(case, officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(case=case, side="agency", author=officer, body="")


@pytest.mark.postgres
def test_postgresql_refuses_to_change_or_delete_a_message_a_file_link_or_a_read_marker(
    case, officer, region_submitter
):
    from django.db import DatabaseError

    message = message_send(case=case, body=TYPED, files=[pdf_upload()], actor=region_submitter)
    logged_in(officer).get(OFFICER_PAGE)
    for queryset, change in (
        (Message.objects.filter(pk=message.pk), {"body": "Ändrad text."}),
        (MessageAttachment.objects.filter(message=message), {"number": 2}),
        (MessageRead.objects.filter(message=message), {"user": region_submitter}),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            queryset.update(**change)
        with pytest.raises(DatabaseError), transaction.atomic():
            queryset.delete()
    assert Message.objects.get().body == TYPED
