"""The decision's administration amount (4 000 000 kr in 2025) holds when two officers record
costs at the same moment: against PostgreSQL, each in its own thread and connection."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from reporting import services
from reporting.models import AdministrationCost
from tests import factories
from tests.requisitions.test_concurrency import in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

KR = 100


def test_two_costs_recorded_at_once_never_exceed_the_administration_amount(
    grant_2025, officer, time_machine
):
    time_machine.move_to(dt.datetime(2025, 10, 1, 10, tzinfo=dt.UTC))
    other = factories.officer(full_name="Andra Handläggaren")
    services.administration_cost_record(
        grant=grant_2025,
        incurred_on=dt.date(2025, 9, 1),
        amount=1_000_000 * KR,
        description="Handläggning",
        cost_type="staff",
        actor=officer,
    )
    cost = AdministrationCost.objects.get()

    def record(actor, kronor, description):
        def call():
            return services.administration_cost_record(
                grant=grant_2025,
                incurred_on=dt.date(2025, 9, 15),
                amount=kronor * KR,
                description=description,
                cost_type="consultants",
                actor=actor,
            )

        return call

    def correct(actor, kronor):
        def call():
            return services.administration_cost_correct(
                cost=cost, amount=kronor * KR, reason="Fakturan", actor=actor
            )

        return call

    # Each fits what is left (3 000 000 kr) alone; any two together do not.
    results = in_parallel(
        [
            record(officer, 2_000_000, "Utvärdering A"),
            record(other, 2_000_000, "Utvärdering B"),
            correct(officer, 2_500_000),
        ]
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    stored = [r for r in results if isinstance(r, AdministrationCost)]
    assert len(stored) == 1 and len(refused) == 2, results
    assert all("amount" in error.message_dict for error in refused)
    total = AdministrationCost.objects.aggregate(total=Sum("amount"))["total"]
    assert total <= grant_2025.decision.administration_amount
    assert AdministrationCost.objects.count() == 2
