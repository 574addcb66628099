"""A claim falls due on a Swedish banking day."""

import datetime as dt
import re

import pytest

from grants.models import DeadlineKind
from grants.services import deadline_set
from repayments.models import Claim, ClaimKind
from repayments.services import default_due_date

pytestmark = pytest.mark.django_db


def test_a_recovery_claim_due_on_annandag_pask_is_refused_with_the_next_banking_day(
    client, paid_case, officer, time_machine
):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), tick=False)
    client.force_login(officer)
    response = client.post(
        "/handlaggare/bidrag/2025/region/01/aterkrav/",
        {
            "amount": "1 000",
            "ground": "no_report",
            "due_date": "2026-04-06",
            "reason": "Ingen redovisning har kommit in.",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Den 2026-04-06 är ingen bankdag. Närmaste bankdag är 2026-04-07." in page
    assert 'name="due_date" value="2026-04-07"' in page
    # What else the officer wrote is kept.
    assert re.search(r'name="amount" value="1\s000"', page)
    assert "Ingen redovisning har kommit in.</textarea>" in page
    assert not Claim.objects.filter(kind=ClaimKind.RECOVERY).exists()


def test_default_due_dates_land_on_a_banking_day(paid_case, officer):
    # 30 days after 20 March 2026 is Sunday 19 April: the claim falls due on Monday.
    assert default_due_date(paid_case, dt.date(2026, 3, 20)) == dt.date(2026, 4, 20)
    # A repayment deadline on a Saturday, not moved: the claim is due the next banking day.
    deadline_set(
        grant=paid_case.grant,
        kind=DeadlineKind.REPAYMENT,
        due_date=dt.date(2026, 3, 28),
        actor=officer,
    )
    assert default_due_date(paid_case, dt.date(2026, 1, 10)) == dt.date(2026, 3, 30)


def test_the_reported_claim_from_a_saturday_repayment_deadline_is_due_on_monday(
    request, paid_case, officer
):
    deadline_set(
        grant=paid_case.grant,
        kind=DeadlineKind.REPAYMENT,
        due_date=dt.date(2026, 3, 28),
        actor=officer,
    )
    request.getfixturevalue("reported_case")  # the region reports 800 812 kr not used
    claim = Claim.objects.get(case=paid_case, kind=ClaimKind.REPORTED)
    assert claim.due_date == dt.date(2026, 3, 30)
