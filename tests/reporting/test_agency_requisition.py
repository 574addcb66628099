"""Recording the agency's requisition from Kammarkollegiet on a grant with nothing else yet,
bad input, and the database guarding what was recorded."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from grants.models import DeadlineKind
from records.models import AuditAction, AuditEvent
from reminders.models import AgencyStepDone
from reporting import services
from reporting.models import AgencyRequisition

pytestmark = pytest.mark.django_db

KR = 100
URL = "/bidrag/2025/kammarkollegiet/"


def test_a_requisition_from_kammarkollegiet_is_recorded_with_its_reference(
    client, grant_2025, officer, time_machine
):
    time_machine.move_to(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC))
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert "Ingen rekvisition är registrerad." in page
    response = client.post(
        URL,
        {
            "form": "requisition",
            "requisition-date": "2025-05-28",
            "requisition-amount": "500 000 000",
            "requisition-reference": "KK 2025/123",
        },
        follow=True,
    )
    assert (
        "Rekvisitionen av 500\u00a0000\u00a0000\u00a0kr från Kammarkollegiet är registrerad."
        in (response.content.decode())
    )
    assert AgencyRequisition.objects.get().amount == 500_000_000 * KR
    assert AuditEvent.objects.filter(action=AuditAction.AGENCY_REQUISITION_RECORDED).count() == 1
    # More than the decision's 500 000 000 kr in total is refused.
    with pytest.raises(ValidationError) as error:
        services.agency_requisition_record(
            grant=grant_2025,
            requisitioned_on=dt.date(2025, 5, 29),
            amount=1,
            reference="KK 2025/124",
            actor=officer,
        )
    assert "amount" in error.value.message_dict


def test_bad_input_is_explained_not_stored(client, grant_2025, officer, time_machine):
    time_machine.move_to(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC))
    client.force_login(officer)
    response = client.post(
        URL,
        {
            "form": "requisition",
            "requisition-date": "2025-06-30",
            "requisition-amount": "femhundra",
            "requisition-reference": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ange beloppet i kronor med siffror" in page
    assert "Detta fält måste fyllas i." in page
    response = client.post(
        URL,
        {
            "form": "requisition",
            "requisition-date": "2025-06-30",
            "requisition-amount": "1000",
            "requisition-reference": "KK",
        },
    )
    assert "Datumet kan inte ligga i framtiden." in response.content.decode()
    assert not AgencyRequisition.objects.exists()


@pytest.mark.postgres
def test_the_database_refuses_to_change_or_delete_the_agencys_records(grant_2025, officer):
    from django.db import IntegrityError, InternalError, transaction

    from reporting.models import AdministrationCost

    cost = services.administration_cost_record(
        grant=grant_2025,
        incurred_on=dt.date(2025, 5, 20),
        amount=100_000,
        description="Uppstartsmöte",
        cost_type="staff",
        actor=officer,
    )
    for attempt in (
        lambda: AdministrationCost.objects.filter(pk=cost.pk).update(amount=1),
        lambda: AdministrationCost.objects.filter(pk=cost.pk).delete(),
    ):
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            attempt()
    assert AdministrationCost.objects.get(pk=cost.pk).amount == 100_000


def test_the_step_is_done_when_the_whole_appropriation_is_requisitioned(
    grant_2025, officer, time_machine
):
    """Its reminders stop then; a first part of the money leaves the step open."""
    time_machine.move_to(dt.datetime(2025, 6, 10, 12, tzinfo=dt.UTC))
    deadline = grant_2025.deadlines.get(kind=DeadlineKind.AGENCY_REQUISITION)
    record = services.agency_requisition_record
    record(
        grant=grant_2025,
        requisitioned_on=dt.date(2025, 5, 28),
        amount=300_000_000 * KR,
        reference="KK 2025/1",
        actor=officer,
    )
    assert not AgencyStepDone.objects.filter(deadline=deadline).exists()
    record(
        grant=grant_2025,
        requisitioned_on=dt.date(2025, 6, 9),
        amount=200_000_000 * KR,
        reference="KK 2025/2",
        actor=officer,
    )
    done = AgencyStepDone.objects.get(deadline=deadline)
    assert done.done_on == dt.date(2025, 6, 9)
    assert "KK 2025/2" in done.note
    assert AuditEvent.objects.filter(action=AuditAction.AGENCY_STEP_DONE).count() == 1
