"""Files on a message follow the shared storage's rules (docs/storage.md): the same kinds as a
case's files, decided by content, and the virus scanner's verdict at the field."""

import hashlib

import pytest

from conversations.models import Message
from records.models import AuditEvent
from tests.attachments.conftest import clamd_address, scanner  # noqa: F401  (fixtures)
from tests.support import files

from .conftest import REGION_PAGE, logged_in

pytestmark = pytest.mark.django_db

TYPED = "Här är schemat och budgeten."


def test_a_message_carries_an_image_and_a_spreadsheet(case, region_submitter):
    response = logged_in(region_submitter).post(
        REGION_PAGE,
        {
            "body": TYPED,
            "attachments": [
                files.upload("schema.png", files.png_bytes(), "image/png"),
                files.upload("budget.xlsx", files.xlsx_bytes()),
            ],
        },
    )
    assert response.status_code == 302
    message = Message.objects.get()
    stored = {link.attachment.filename: link.attachment for link in message.files.all()}
    assert set(stored) == {"schema.png", "budget.xlsx"}
    assert stored["schema.png"].sha256 == hashlib.sha256(files.png_bytes()).hexdigest()
    page = logged_in(region_submitter).get(REGION_PAGE).content.decode()
    assert "schema.png" in page and "budget.xlsx" in page


def test_an_infected_file_is_refused_at_its_field_and_recorded(
    case,
    region_submitter,
    scanner,  # noqa: F811
):
    infected = files.infected_png_bytes()
    response = logged_in(region_submitter).post(
        REGION_PAGE, {"body": TYPED, "attachments": files.upload("bild.png", infected, "image/png")}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Virussökningen hittade ett virus (Statsbidrag.Test.Virus" in page
    assert TYPED in page  # what was typed is still in the box
    assert not Message.objects.exists()
    event = AuditEvent.objects.get(action="attachment.refused_infected")
    assert event.data["sha256"] == hashlib.sha256(infected).hexdigest()
    assert event.region.county_code == "01"
