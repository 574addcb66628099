"""The agency's own account with Kammarkollegiet: its repayment reconciled with what it owes
(money the regions never requisitioned, money they repaid, unused administration money),
and requisitions and costs corrected by correcting entries, never by an edit."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from records.integrity import records_breaks
from records.models import AuditAction, AuditEvent
from repayments.services import repayment_register
from reporting import services
from reporting.kammarkollegiet import economic_report
from reporting.models import AdministrationCost, AgencyRepayment, AgencyRequisition

pytestmark = pytest.mark.django_db

KR = 100
URL = "/bidrag/2025/kammarkollegiet/"
NBSP = "\u00a0"


def kr(text: str) -> str:
    """The text with its amounts as the page writes them: "1 000 kr" with non-breaking
    spaces."""
    return re.sub(r"(?<=\d) (?=\d|kr)", NBSP, text)


def record_requisition(grant, officer, kronor=500_000_000):
    return services.agency_requisition_record(
        grant=grant,
        requisitioned_on=dt.date(2025, 5, 28),
        amount=kronor * KR,
        reference="KK 2025/1",
        actor=officer,
    )


def record_cost(grant, officer, kronor, description="Handläggning"):
    return services.administration_cost_record(
        grant=grant,
        incurred_on=dt.date(2025, 9, 1),
        amount=kronor * KR,
        description=description,
        cost_type="staff",
        actor=officer,
    )


def test_the_repayment_is_reconciled_with_what_the_agency_owes(
    client, reported_claim, grant_2025, officer
):
    """Stockholm alone requisitioned (115 800 812 kr) and repaid its unused 800 812 kr; the
    agency used 1 000 000 kr of its 4 000 000 kr."""
    record_requisition(grant_2025, officer)
    record_cost(grant_2025, officer, 1_000_000)
    repayment_register(
        received_on=dt.date(2026, 2, 2),
        amount=800_812 * KR,
        reference=f"OCR {reported_claim.ocr}",
        payer="Region Stockholm",
        actor=officer,
    )
    report = economic_report(grant_2025)
    parts = {part.code: part.amount for part in report.owed_parts}
    assert parts == {
        "lapsed": (496_000_000 - 115_800_812) * KR,
        "repaid": 800_812 * KR,
        "administration": 3_000_000 * KR,
    }
    assert report.to_repay == sum(parts.values()) == 384_000_000 * KR

    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert "varav aldrig rekvirerat av regionerna (förfallet)" in page
    assert kr("380 199 188 kr") in page
    assert (
        "Ingen återbetalning till Kammarkollegiet är registrerad ännu: "
        + kr("384 000 000 kr ska återbetalas.")
    ) in page

    response = client.post(
        URL,
        {
            "form": "repayment",
            "repayment-date": "2026-02-02",
            "repayment-amount": "383 000 000",
            "repayment-reference": "KK återbetalning 1",
        },
        follow=True,
    )
    page = response.content.decode()
    assert kr("Återbetalningen på 383 000 000 kr till Kammarkollegiet är registrerad.") in page
    assert (
        kr(
            "Den registrerade återbetalningen på 383 000 000 kr stämmer inte: den är 1 000 000 kr "
            "mindre än de 384 000 000 kr som ska återbetalas, så 1 000 000 kr återstår att "
            "återbetala."
        )
        in page
    )
    repayment = AgencyRepayment.objects.get()
    assert (repayment.amount, repayment.created_by) == (383_000_000 * KR, officer)
    event = AuditEvent.objects.get(action=AuditAction.AGENCY_REPAYMENT_RECORDED)
    assert event.data["amount"] == 383_000_000 * KR
    assert f"reporting.agencyrepayment:{repayment.pk}" in event.records

    services.agency_repayment_record(
        grant=grant_2025,
        repaid_on=dt.date(2026, 2, 2),
        amount=1_000_000 * KR,
        reference="KK återbetalning 2",
        actor=officer,
    )
    report = economic_report(grant_2025)
    assert report.repayment_matches
    assert report.repayment_verdict == kr(
        "Den registrerade återbetalningen på 384 000 000 kr stämmer med de 384 000 000 kr som "
        "ska återbetalas."
    )
    assert list(records_breaks()) == []


def test_a_bad_repayment_is_explained_at_the_field_and_not_stored(
    client, grant_2025, officer, time_machine
):
    time_machine.move_to(dt.datetime(2026, 5, 29, 10, tzinfo=dt.UTC))
    record_requisition(grant_2025, officer, kronor=1_000_000)
    client.force_login(officer)
    response = client.post(
        URL,
        {
            "form": "repayment",
            "repayment-date": "2026-06-30",
            "repayment-amount": "1 000 001",
            "repayment-reference": "KK",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Datumet kan inte ligga i framtiden." in page
    assert kr("mer än de 1 000 000 kr som har tagits emot från Kammarkollegiet") in page
    assert 'value="1 000 001"' in page  # what was typed is kept
    assert not AgencyRepayment.objects.exists()


def test_a_cost_is_corrected_by_a_new_entry_and_shown_as_corrected(
    client, grant_2025, officer, time_machine
):
    time_machine.move_to(dt.datetime(2025, 11, 14, 10, tzinfo=dt.UTC))
    cost = record_cost(grant_2025, officer, 38_500, "Dialogmöten")
    client.force_login(officer)
    post = {
        "form": "cost-correction",
        "cost-correction-entry": str(cost.pk),
        "cost-correction-amount": "35 800",
        "cost-correction-reason": "",
    }
    page = client.post(URL, post).content.decode()
    assert "Skäl till rättelsen: Detta fält måste fyllas i." in page
    reason = "Fakturan lyder på ett lägre belopp."
    response = client.post(URL, {**post, "cost-correction-reason": reason}, follow=True)
    page = response.content.decode()
    assert kr("Administrationskostnaden är rättad till 35 800 kr.") in page
    assert kr(f"Rättad 2025-11-14 med −2 700 kr: {reason}") in page
    assert kr("38 500 kr") in page  # as recorded, still shown
    # The original is as recorded; the correction names it, with its reason.
    cost.refresh_from_db()
    assert (cost.amount, cost.corrects, cost.reason) == (38_500 * KR, None, "")
    correction = AdministrationCost.objects.get(corrects=cost)
    assert (correction.amount, correction.reason) == (-2_700 * KR, reason)
    event = AuditEvent.objects.get(action=AuditAction.ADMINISTRATION_COST_CORRECTED)
    assert (event.data["before"], event.data["after"], event.reason) == (
        38_500 * KR,
        35_800 * KR,
        reason,
    )
    report = economic_report(grant_2025)
    assert report.administration == 35_800 * KR
    assert report.costs_by_type[0] == ("staff", "Personal", 35_800 * KR)
    # The same amount again is not a correction.
    page = client.post(URL, {**post, "cost-correction-reason": "Igen"}).content.decode()
    assert kr("Posten uppgår redan till 35 800 kr") in page
    assert AdministrationCost.objects.filter(corrects=cost).count() == 1


def test_corrections_never_take_a_total_over_the_limit_or_below_zero(grant_2025, officer):
    requisition = record_requisition(grant_2025, officer, kronor=499_000_000)
    cost = record_cost(grant_2025, officer, 3_000_000)
    record_cost(grant_2025, officer, 500_000, "Resor")
    with pytest.raises(ValidationError) as error:
        services.administration_cost_correct(
            cost=cost, amount=3_500_001 * KR, reason="Fel belopp", actor=officer
        )
    assert "4\u00a0000\u00a0001\u00a0kr" in error.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as error:
        services.administration_cost_correct(
            cost=cost, amount=-1, reason="Fel belopp", actor=officer
        )
    assert error.value.message_dict["amount"] == ["Ange noll eller mer."]
    with pytest.raises(ValidationError) as error:
        services.agency_requisition_correct(
            requisition=requisition, amount=500_000_001 * KR, reason="Fel", actor=officer
        )
    assert "amount" in error.value.message_dict
    # Exactly the limit, and a cost withdrawn altogether, are accepted.
    services.administration_cost_correct(
        cost=cost, amount=3_500_000 * KR, reason="Fakturan kom", actor=officer
    )
    assert economic_report(grant_2025).administration_left == 0
    withdrawn = services.administration_cost_correct(
        cost=cost, amount=0, reason="Hörde inte till uppdraget", actor=officer
    )
    assert withdrawn.amount == -3_500_000 * KR
    assert economic_report(grant_2025).administration == 500_000 * KR
    # A correction is corrected through the entry it names, never itself.
    with pytest.raises(ValidationError) as error:
        services.administration_cost_correct(cost=withdrawn, amount=1, reason="Fel", actor=officer)
    assert error.value.message_dict["entry"] == ["Välj en av de registrerade posterna."]
    assert AdministrationCost.objects.count() == 4


@pytest.mark.postgres
def test_the_database_refuses_what_the_services_never_do(grant_2025, officer):
    from django.db import IntegrityError, InternalError, transaction

    requisition = record_requisition(grant_2025, officer, kronor=1_000)
    cost = record_cost(grant_2025, officer, 3_999_000)
    repayment = services.agency_repayment_record(
        grant=grant_2025,
        repaid_on=dt.date(2025, 6, 1),
        amount=100 * KR,
        reference="KK",
        actor=officer,
    )
    row = {"grant": grant_2025, "created_by": officer, "incurred_on": dt.date(2025, 9, 1)}
    cost_row = {**row, "description": "x", "cost_type": "staff"}
    attempts = {
        "over the limit": lambda: AdministrationCost.objects.create(**cost_row, amount=1_001 * KR),
        "a correction with no reason": lambda: AdministrationCost.objects.create(
            **cost_row, amount=-1, corrects=cost
        ),
        "below zero": lambda: AdministrationCost.objects.create(
            **cost_row, amount=-3_999_001 * KR, corrects=cost, reason="x"
        ),
        "requisitions over the decision": lambda: AgencyRequisition.objects.create(
            grant=grant_2025,
            created_by=officer,
            requisitioned_on=dt.date(2025, 6, 1),
            reference="x",
            amount=(500_000_000 - 1_000) * KR + 1,
        ),
        "a changed repayment": lambda: AgencyRepayment.objects.filter(pk=repayment.pk).update(
            amount=1
        ),
        "a deleted repayment": lambda: AgencyRepayment.objects.filter(pk=repayment.pk).delete(),
    }
    for name, attempt in attempts.items():
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            attempt()
            pytest.fail(f"{name} was stored")
    correction = AdministrationCost.objects.create(
        **cost_row, amount=-1_000 * KR, corrects=cost, reason="x"
    )
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        AdministrationCost.objects.create(**cost_row, amount=1, corrects=correction, reason="x")
    assert AgencyRequisition.objects.get().amount == requisition.amount
    assert AgencyRepayment.objects.get().amount == 100 * KR
