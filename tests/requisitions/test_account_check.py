"""The checks on a requisition say whether its account is the one the region was paid to
before, and mark a changed account in words, not colour alone (issue 15)."""

import re

import pytest

from demo.history import demo_bankgiro
from requisitions import services

from .conftest import valid_data

pytestmark = pytest.mark.django_db

CHANGED = "Ändrat konto: inte det konto som regionen fått utbetalningar till tidigare"
SAME = "Samma konto som regionens tidigare utbetalning"
FIRST = "Ingen tidigare utbetalning till regionen"


def text_of(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def submit_and_refuse(case, submitter, officer, **data):
    requisition = services.requisition_submit(
        case=case, data=valid_data(**data), version=0, actor=submitter
    )
    return services.requisition_refuse(requisition=requisition, reason="Fel.", actor=officer)


def test_the_checks_compare_the_account_with_the_regions_earlier_payment(
    client, before_deadline, case, submitter, officer, second_officer
):
    wrong = submit_and_refuse(case, submitter, officer, account_number=demo_bankgiro("01", 9))
    right = submit_and_refuse(case, submitter, officer)
    paid = services.requisition_submit(case=case, data=valid_data(), version=0, actor=submitter)
    client.force_login(officer)
    # Nothing paid to the region yet: nothing to compare with, and not shown as a pass.
    first = text_of(client.get(f"/handlaggare/rekvisitioner/{paid.pk}/"))
    assert FIRST in first and SAME not in first
    services.requisition_approve(requisition=paid, actor=officer)
    services.payment_release(
        requisition=paid, payment_date=before_deadline.date().replace(day=21), actor=second_officer
    )

    changed = text_of(client.get(f"/handlaggare/rekvisitioner/{wrong.pk}/"))
    assert CHANGED in changed
    assert "Ändrat konto. Rekvisitionen begär utbetalning till Bankgiro" in changed
    assert "utbetalt till Bankgiro 5050-1055 den 2025-11-21, statsbidrag 2025" in changed

    same = text_of(client.get(f"/handlaggare/rekvisitioner/{right.pk}/"))
    assert SAME in same
    assert "Ändrat konto" not in same
