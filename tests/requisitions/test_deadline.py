"""The requisition deadline: open all of the last day, Stockholm time, and not a moment more."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from grants.models import DeadlineKind
from grants.services import deadline_set
from records.models import AuditAction, AuditEvent
from requisitions.models import Requisition, RequisitionStatus

from .conftest import form_post

STOCKHOLM = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


def submit(client, user):
    client.force_login(user)
    return client.post("/region/01/bidrag/2025/rekvisition/", form_post())


def test_accepted_at_23_59_59_on_the_last_day(client, time_machine, case, submitter):
    time_machine.move_to(dt.datetime(2025, 12, 1, 23, 59, 59, tzinfo=STOCKHOLM), tick=False)
    assert submit(client, submitter).status_code == 302
    requisition = Requisition.objects.get(case=case)
    assert requisition.status == RequisitionStatus.RECEIVED
    assert requisition.submitted_at == dt.datetime(2025, 12, 1, 23, 59, 59, tzinfo=STOCKHOLM)


def test_refused_at_midnight_and_nothing_is_stored(client, time_machine, case, submitter):
    time_machine.move_to(dt.datetime(2025, 12, 2, 0, 0, 0, tzinfo=STOCKHOLM), tick=False)
    response = submit(client, submitter)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Er rekvisition togs inte emot" in page
    assert "1 december 2025" in page
    assert not Requisition.objects.filter(case=case).exists()
    # And the form itself is closed with an explanation.
    assert (
        "Rekvisitionen är stängd"
        in client.get("/region/01/bidrag/2025/rekvisition/").content.decode()
    )


def test_a_late_post_on_top_of_a_draft_stores_nothing_as_received(
    client, time_machine, case, submitter
):
    time_machine.move_to(dt.datetime(2025, 12, 1, 12, tzinfo=STOCKHOLM), tick=False)
    client.force_login(submitter)
    client.post("/region/01/bidrag/2025/rekvisition/", form_post(action="draft"))
    version = Requisition.objects.get(case=case).version
    time_machine.move_to(dt.datetime(2025, 12, 2, 0, 0, 1, tzinfo=STOCKHOLM), tick=False)
    client.post("/region/01/bidrag/2025/rekvisition/", form_post(version=str(version)))
    requisition = Requisition.objects.get(case=case)
    assert requisition.status == RequisitionStatus.DRAFT
    assert requisition.submitted_at is None


@pytest.mark.parametrize(
    ("deadline", "last_moment_utc", "first_late_utc"),
    [
        # Summer time ends 2025-10-26 03:00 → 02:00: the day has 25 hours; midnight after is UTC+1.
        (
            dt.date(2025, 10, 26),
            dt.datetime(2025, 10, 26, 22, 59, 59, tzinfo=dt.UTC),
            dt.datetime(2025, 10, 26, 23, 0, tzinfo=dt.UTC),
        ),
        # Summer time starts 2026-03-29 02:00 → 03:00: midnight after is UTC+2.
        (
            dt.date(2026, 3, 29),
            dt.datetime(2026, 3, 29, 21, 59, 59, tzinfo=dt.UTC),
            dt.datetime(2026, 3, 29, 22, 0, tzinfo=dt.UTC),
        ),
    ],
)
def test_the_boundary_is_stockholm_midnight_across_the_dst_change(
    client, time_machine, grant_2025, case, submitter, deadline, last_moment_utc, first_late_utc
):
    deadline_set(grant=grant_2025, kind=DeadlineKind.REQUISITION, due_date=deadline)
    time_machine.move_to(first_late_utc, tick=False)
    assert submit(client, submitter).status_code == 200
    assert not Requisition.objects.exists()
    time_machine.move_to(last_moment_utc, tick=False)
    assert submit(client, submitter).status_code == 302
    assert Requisition.objects.get(case=case).status == RequisitionStatus.RECEIVED


def test_an_officer_registers_a_late_requisition_only_with_a_reason(
    client, time_machine, case, officer
):
    time_machine.move_to(dt.datetime(2025, 12, 3, 9, tzinfo=STOCKHOLM), tick=False)
    client.force_login(officer)
    url = "/handlaggare/bidrag/2025/region/01/sen-rekvisition/"
    data = form_post(reason="")
    data.pop("version")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Ange skälet till att en sen rekvisition tas emot." in response.content.decode()
    assert not Requisition.objects.exists()

    data["reason"] = "Rekvisitionen kom i tid med e-post men fastnade i ett filter."
    response = client.post(url, data)
    assert response.status_code == 302
    requisition = Requisition.objects.get(case=case)
    assert requisition.status == RequisitionStatus.RECEIVED
    assert requisition.is_late
    event = AuditEvent.objects.get(action=AuditAction.REQUISITION_LATE_REGISTERED)
    assert event.reason == data["reason"]
    assert event.actor == officer
    page = client.get("/handlaggare/rekvisitioner/").content.decode()
    assert "Sen, registrerad av handläggare" in page


def test_late_registration_is_for_officers_and_only_after_the_deadline(
    client, before_deadline, case, officer, submitter, auditor
):
    url = "/handlaggare/bidrag/2025/region/01/sen-rekvisition/"
    for user in (submitter, auditor):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(officer)
    data = form_post(reason="Skäl")
    data.pop("version")
    response = client.post(url, data)
    assert "Sista dag har inte passerat" in response.content.decode()
    assert not Requisition.objects.exists()
