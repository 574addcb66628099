"""Registering repayments: matched by OCR, partial payments, and anything odd flagged."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from grants.models import CaseStatus
from records.models import AuditAction, AuditEvent
from repayments import services
from repayments.ledger import ledgers
from repayments.models import Repayment, RepaymentStatus

from .conftest import UNUSED

pytestmark = pytest.mark.django_db


NBSP = "\u00a0"


def register(client, claim_reference, amount, received_on="2026-02-02", confirm="1"):
    return client.post(
        "/handlaggare/aterbetalningar/",
        {
            "received_on": received_on,
            "amount": amount,
            "reference": claim_reference,
            "payer": "Region Stockholm",
            "confirm": confirm,
        },
    )


def shown(response) -> str:
    return " ".join(response.content.decode().replace(NBSP, " ").split())


def test_a_payment_is_registered_only_after_the_officer_has_seen_where_it_goes(
    client, approved_case, reported_claim, officer
):
    client.force_login(officer)
    step = shown(register(client, f"S2025/01234 OCR {reported_claim.ocr}", "300 000", confirm=""))
    for expected in (
        "300 000 kr",
        reported_claim.ocr,
        "Region Stockholm",
        "bokas mot",
        'name="confirm" value="1"',
    ):
        assert expected in step, expected
    assert not Repayment.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="repayment.").exists()
    # One that does not match is said to be flagged before it is registered.
    assert "flaggas" in shown(register(client, reported_claim.ocr, "800 813", confirm=""))
    assert not Repayment.objects.exists()


def test_partial_payments_are_booked_and_the_case_closes_at_zero(
    client, approved_case, reported_claim, officer
):
    client.force_login(officer)
    reference = f"S2025/01234 OCR {reported_claim.ocr}"
    assert register(client, reference, "300 000").status_code == 302
    ledger = ledgers([approved_case])[0]
    assert ledger.repaid == 30_000_000
    assert ledger.outstanding == UNUSED - 30_000_000
    approved_case.refresh_from_db()
    assert approved_case.status == CaseStatus.OPEN

    register(client, reference, "500 812,00")
    ledger = ledgers([approved_case])[0]
    assert ledger.outstanding == 0
    assert ledger.problems == []
    approved_case.refresh_from_db()
    assert approved_case.status == CaseStatus.CLOSED
    assert Repayment.objects.filter(status=RepaymentStatus.BOOKED).count() == 2


def test_an_overpayment_is_flagged_not_booked(client, approved_case, reported_claim, officer):
    client.force_login(officer)
    response = register(client, reported_claim.ocr, "800 813")
    assert response.status_code == 302
    repayment = Repayment.objects.get()
    assert repayment.status == RepaymentStatus.FLAGGED
    assert repayment.flag_reason == "overpayment"
    assert ledgers([approved_case])[0].repaid == 0
    page = client.get("/handlaggare/aterbetalningar/?status=flagged").content.decode()
    assert "Mer än vad som är skuld på fordran" in page


def test_an_unknown_or_mistyped_reference_is_flagged(
    client, approved_case, reported_claim, officer
):
    client.force_login(officer)
    mistyped = reported_claim.ocr[:-1] + str((int(reported_claim.ocr[-1]) + 1) % 10)
    register(client, f"S2025/01234 {mistyped}", "100")
    register(client, "Återbetalning", "100")
    assert list(Repayment.objects.values_list("status", "flag_reason")) == [
        ("flagged", "unknown_reference"),
        ("flagged", "unknown_reference"),
    ]


def test_a_flagged_overpayment_is_booked_with_the_excess_returned(
    client, approved_case, reported_claim, officer
):
    client.force_login(officer)
    register(client, reported_claim.ocr, "800 813")
    repayment = Repayment.objects.get()
    response = client.post(
        f"/handlaggare/aterbetalningar/{repayment.pk}/",
        {
            "action": "book",
            "claim": str(reported_claim.pk),
            "note": "Regionen betalade 1 kr för mycket; återbetalas.",
        },
    )
    # First the step: 800 812 kr booked, 1 kr back to the payer; nothing changed yet.
    step = shown(response)
    assert "800 812 kr" in step and "1 kr" in step and reported_claim.ocr in step
    assert Repayment.objects.get().status == RepaymentStatus.FLAGGED
    response = client.post(
        f"/handlaggare/aterbetalningar/{repayment.pk}/",
        {
            "action": "book",
            "claim": str(reported_claim.pk),
            "note": "Regionen betalade 1 kr för mycket; återbetalas.",
            "confirm": "1",
        },
    )
    assert response.status_code == 302
    booked = Repayment.objects.get(status=RepaymentStatus.BOOKED)
    returned = Repayment.objects.get(status=RepaymentStatus.RETURNED)
    assert booked.amount == UNUSED
    assert returned.amount == 100
    assert ledgers([approved_case])[0].outstanding == 0
    approved_case.refresh_from_db()
    assert approved_case.status == CaseStatus.CLOSED
    event = AuditEvent.objects.get(action=AuditAction.REPAYMENT_RESOLVED)
    assert event.data == {"booked": UNUSED, "returned": 100, "claim": reported_claim.pk}


def test_handling_needs_a_note_and_a_claim(client, approved_case, reported_claim, officer):
    client.force_login(officer)
    register(client, "okänd", "100")
    repayment = Repayment.objects.get()
    response = client.post(
        f"/handlaggare/aterbetalningar/{repayment.pk}/", {"action": "book", "claim": "", "note": ""}
    )
    html = response.content.decode()
    assert "Detta fält måste fyllas i." in html
    response = client.post(
        f"/handlaggare/aterbetalningar/{repayment.pk}/",
        {"action": "book", "claim": "", "note": "x"},
    )
    assert "Välj fordran som betalningen ska bokas mot." in response.content.decode()
    repayment.refresh_from_db()
    assert repayment.status == RepaymentStatus.FLAGGED
    client.post(
        f"/handlaggare/aterbetalningar/{repayment.pk}/",
        {
            "action": "return",
            "claim": "",
            "note": "Felbetalning, skickad tillbaka.",
            "confirm": "1",
        },
    )
    repayment.refresh_from_db()
    assert repayment.status == RepaymentStatus.RETURNED


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "0", "Ange ett belopp större än noll."),
        ("amount", "ett", "Ange beloppet i kronor med siffror"),
        ("received_on", "2099-01-01", "Datumet kan inte ligga i framtiden."),
        ("received_on", "01/02/2026", "Fyll i ett giltigt datum."),
        ("reference", "", "Detta fält måste fyllas i."),
        ("reference", "<b>x</b>", "Skriv vanlig text utan HTML-kod"),
    ],
)
def test_bad_repayment_input_is_explained(
    client, approved_case, reported_claim, officer, field, value, message
):
    client.force_login(officer)
    data = {
        "received_on": "2026-02-02",
        "amount": "100",
        "reference": reported_claim.ocr,
        "payer": "x",
        field: value,
    }
    response = client.post("/handlaggare/aterbetalningar/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Repayment.objects.exists()


def test_a_closed_case_changes_only_after_reopening_with_a_reason(
    client, approved_case, reported_claim, officer
):
    services.repayment_register(
        received_on=dt.date(2026, 2, 2), amount=UNUSED, reference=reported_claim.ocr, actor=officer
    )
    approved_case.refresh_from_db()
    assert approved_case.status == CaseStatus.CLOSED
    # A further payment to a closed case is flagged, never booked.
    services.repayment_register(
        received_on=dt.date(2026, 2, 2), amount=100, reference=reported_claim.ocr, actor=officer
    )
    assert Repayment.objects.filter(status=RepaymentStatus.FLAGGED).count() == 1
    with pytest.raises(ValidationError):
        services.recovery_claim_decide(
            case=approved_case,
            amount=100,
            ground="not_used_for_purpose",
            due_date=dt.date(2026, 5, 1),
            reason="x",
            actor=officer,
        )
    client.force_login(officer)
    response = client.post("/handlaggare/bidrag/2025/region/01/ateroppna/", {"reason": ""})
    assert "Detta fält måste fyllas i." in response.content.decode()
    client.post(
        "/handlaggare/bidrag/2025/region/01/ateroppna/",
        {"reason": "Granskning visade felaktig användning."},
    )
    approved_case.refresh_from_db()
    assert approved_case.status == CaseStatus.OPEN
    event = AuditEvent.objects.get(action=AuditAction.CASE_REOPENED)
    assert event.reason == "Granskning visade felaktig användning."
    assert event.actor == officer
