"""The budget year in the agency's own money and in the overview: an administration cost is
dated within the grant's budget year, and a payment made after it is marked for its region."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core import clock
from grants.models import Case
from reporting import services
from reporting.models import AdministrationCost
from requisitions import services as requisition_services
from requisitions.services import RequisitionData
from tests import factories
from tests.conftest import STOCKHOLM_TZ

pytestmark = pytest.mark.django_db
URL = "/bidrag/2025/kammarkollegiet/"
REFUSED = (
    "En administrationskostnad måste vara daterad inom budgetåret 2025 (2025-01-01–2025-12-31)."
)


def test_an_administration_cost_after_the_budget_year_is_refused_at_the_date_field(
    client, grant_2025, officer, time_machine
):
    time_machine.move_to(dt.datetime(2026, 2, 2, 10, tzinfo=STOCKHOLM_TZ))
    client.force_login(officer)
    response = client.post(
        URL,
        {
            "form": "cost",
            "cost-date": "2026-01-15",
            "cost-amount": "12 500",
            "cost-cost_type": "travel",
            "cost-description": "Resa till regionmöte",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert REFUSED in page
    assert '<a href="#id_cost-date">' in page
    assert 'value="Resa till regionmöte"' in page  # what was typed is kept
    with pytest.raises(ValidationError) as before:
        services.administration_cost_record(
            grant=grant_2025,
            incurred_on=dt.date(2024, 12, 31),
            amount=100,
            description="Förberedelser",
            cost_type="staff",
            actor=officer,
        )
    assert before.value.message_dict == {"date": [REFUSED]}
    assert not AdministrationCost.objects.exists()
    services.administration_cost_record(
        grant=grant_2025,
        incurred_on=dt.date(2025, 12, 31),
        amount=100,
        description="Sista dagen",
        cost_type="staff",
        actor=officer,
    )


@pytest.mark.postgres
def test_postgres_refuses_an_administration_cost_outside_the_budget_year(grant_2025, officer):
    with pytest.raises(IntegrityError, match="budget year"), transaction.atomic():
        AdministrationCost.objects.create(
            grant=grant_2025,
            incurred_on=dt.date(2026, 1, 15),
            amount=100,
            description="Efter året",
            cost_type="staff",
            created_by=officer,
        )


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9), tzinfo=STOCKHOLM_TZ)


def test_the_overview_marks_a_payment_made_after_the_budget_year(
    client, paid_case, uppsala, officer, time_machine
):
    """Stockholm was paid in November 2025; Uppsala's late requisition, accepted by exception,
    was paid in January 2026."""
    case = Case.objects.get(grant=paid_case.grant, region=uppsala)
    releaser = factories.officer(full_name="Tredje Handläggaren")
    data = RequisitionData(
        amount=1_000_000_00,
        account_type="bankgiro",
        account_number="5050-1055",
        organisation_number_confirmed=True,
        contact_name="Ulla",
        contact_email="ulla@regionuppsala.test",
        contact_phone="018-123 456",
        signatory_name="Ulf",
        signatory_title="Ekonomidirektör",
        attested=True,
    )
    with clock.at(_at(dt.date(2025, 12, 19))):
        requisition = requisition_services.requisition_register_late(
            case=case, data=data, reason="Kom in i tid med post.", actor=officer
        )
        requisition_services.requisition_approve(requisition=requisition, actor=officer)
    with clock.at(_at(dt.date(2026, 1, 7))):
        requisition_services.payment_release(
            requisition=requisition, payment_date=dt.date(2026, 1, 7), actor=releaser
        )
    client.force_login(officer)
    page = client.get("/bidrag/2025/oversikt/").content.decode()
    assert page.count("Utbetald efter budgetåret 2025") == 1  # Uppsala's cell, not Stockholm's
    assert '<strong class="status-overdue">Utbetald efter budgetåret 2025</strong>' in page
    assert (
        "Region Uppsala fick sin utbetalning 7 januari 2026, efter budgetåret 2025: medlen är till "
        "för användning under 2025."
    ) in page
    csv = client.get("/bidrag/2025/oversikt/?format=csv").content.decode("utf-8-sig")
    assert ";Utbetalt (Utbetald efter budgetåret 2025);Klart;2026-01-07;" in csv
