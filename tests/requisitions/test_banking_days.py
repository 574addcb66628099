"""A payment is made on a Swedish banking day: another date is refused at the field, and the
next banking day is filled in for the officer to save with one click."""

import re

import pytest

from requisitions import services
from requisitions.models import Disbursement, PaymentFile

from .conftest import valid_data

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def approved(before_deadline, case, submitter, officer):
    requisition = services.requisition_submit(
        case=case, data=valid_data(), version=0, actor=submitter
    )
    services.requisition_approve(requisition=requisition, actor=officer)
    return requisition


def test_a_payment_on_julafton_is_refused_and_the_next_banking_day_offered(
    client, approved, second_officer
):
    client.force_login(second_officer)
    url = f"/handlaggare/rekvisitioner/{approved.pk}/utbetalning/"
    response = client.post(url, {"payment_date": "2025-12-24"})
    assert response.status_code == 200
    assert "Den 2025-12-24 är ingen bankdag. Närmaste bankdag är 2025-12-29." in text_of(response)
    assert 'name="payment_date" value="2025-12-29"' in response.content.decode()
    assert not Disbursement.objects.exists()


def test_a_payment_file_for_a_saturday_is_refused_and_the_next_banking_day_offered(
    client, approved, second_officer
):
    client.force_login(second_officer)
    released = client.post(
        f"/handlaggare/rekvisitioner/{approved.pk}/utbetalning/",
        {"payment_date": "2025-11-24", "confirm": "1"},
    )
    assert released.status_code == 302

    response = client.post("/handlaggare/utbetalningsfiler/", {"payment_date": "2025-11-22"})
    assert response.status_code == 200
    assert "Den 2025-11-22 är ingen bankdag. Närmaste bankdag är 2025-11-24." in text_of(response)
    assert 'name="payment_date" value="2025-11-24"' in response.content.decode()
    assert not PaymentFile.objects.exists()

    # The offered date, saved as it stands, makes the file.
    offered = client.post(
        "/handlaggare/utbetalningsfiler/", {"payment_date": "2025-11-24", "confirm": "1"}
    )
    assert offered.status_code == 302
    assert PaymentFile.objects.get().payment_count == 1
