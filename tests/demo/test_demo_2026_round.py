import re

import pytest
from django.core.management import call_command

from accounts.models import User
from grants.models import AllocationTable, Deadline, DecisionStatus, Grant


@pytest.mark.django_db
def test_demo_has_the_planned_2026_round_on_the_2024_figures(client):
    call_command("demo")
    call_command("demo")  # idempotent: still one 2026 round

    grant_2025 = Grant.objects.get(year=2025)
    grant = Grant.objects.get(year=2026)
    decision = grant.decision
    assert decision.status == DecisionStatus.PLANNED
    assert decision.diarienummer == ""
    assert (decision.total_amount, decision.regions_amount, decision.administration_amount) == (
        400_000_000_00,
        400_000_000_00,
        0,
    )
    assert "ännu inte beslutat" in decision.conditions
    assert grant.population_dataset == grant_2025.population_dataset
    assert grant.population_dataset.reference_date.isoformat() == "2024-11-01"
    assert not AllocationTable.objects.filter(grant=grant).exists()
    dates = dict(Deadline.objects.filter(grant=grant).values_list("kind", "due_date"))
    assert {kind: day.isoformat() for kind, day in dates.items()} == {
        "agency_requisition": "2026-06-02",
        "requisition": "2026-12-01",
        "report": "2027-02-27",
        "repayment": "2027-03-31",
        "agency_repayment": "2027-05-31",
        "ministry_report": "2027-06-30",
    }

    client.force_login(User.objects.get(email="handlaggare@socialstyrelsen.test"))
    assert client.get("/").headers["Location"] == "/handlaggare/inkorg/"  # the officers' inbox
    page = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get("/bidrag/2026/").content.decode())
    )
    assert "Status Planerad, ännu inte beslutad" in page
    assert "Förhandsgranska fördelningen" in page
    preview = client.get("/bidrag/2026/fordelning/").content.decode()
    assert "93\u00a0387\u00a0751\u00a0kr" in preview  # Stockholm's share of 400 000 000 kr
