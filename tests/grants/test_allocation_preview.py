"""The what-if preview of a round's allocation, and adopting it: freezing, superseding with
a reason, and the database refusing to change an adopted table."""

import datetime as dt
import html
import re

import pytest
from django.db import IntegrityError, InternalError, transaction

from accounts.models import RegionRole
from grants import services
from grants.models import Allocation, AllocationTable, Case, Grant
from grants.selectors import allocation_preview
from records.models import AuditAction, AuditEvent
from regions.models import PopulationDataset, PopulationFigure, Region
from tests import factories
from tests.regions.scb_files import FIGURES_2024, FIGURES_2025

from .rounds import register_2026

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
URL = "/bidrag/2026/fordelning/"


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(page))


def kr(kronor: int) -> str:
    sign = "−" if kronor < 0 else ""
    return sign + f"{abs(kronor):,}".replace(",", NBSP) + f"{NBSP}kr"


@pytest.fixture
def planned_2026(grant_2025, officer) -> Grant:
    return register_2026(grant_2025=grant_2025, officer=officer)


@pytest.fixture
def decided_2026(planned_2026, officer) -> Grant:
    services.decision_mark_decided(
        decision=planned_2026.decision,
        diarienummer="S2026/00400",
        decided_on=dt.date(2026, 3, 12),
        total_amount=400_000_000_00,
        regions_amount=400_000_000_00,
        administration_amount=0,
        conditions="Villkor enligt beslutet.",
        actor=officer,
    )
    return Grant.objects.get(pk=planned_2026.pk)


@pytest.fixture
def figures_2025(regions) -> PopulationDataset:
    dataset = PopulationDataset.objects.create(
        name="Folkmängd 1 november 2025", source="SCB", reference_date=dt.date(2025, 11, 1)
    )
    by_code = {region.county_code: region for region in Region.objects.all()}
    PopulationFigure.objects.bulk_create(
        PopulationFigure(dataset=dataset, region=by_code[code], population=population)
        for code, population in FIGURES_2025.items()
    )
    return dataset


# 400 000 000 kr over SCB's figures of 1 November 2024 (total 10 587 140), by hand:
# each region gets floor(400 000 000 × population / 10 587 140) kronor; the kronor left
# over go one each to the largest remainders (400 000 000 × population mod 10 587 140).
TOTAL_POPULATION = 10_587_140
EXPECTED_2026 = {
    # code: (floor, remainder, gets one of the left-over kronor)
    "01": (93_387_751, 5_877_860, False),  # Stockholm: 400e6 × 2 471 773 = 988 709 200 000 000
    "09": (2_304_682, 9_010_520, True),  # Gotland
    "23": (5_013_931, 10_552_660, True),  # Jämtland Härjedalen: the largest remainder
    "07": (7_686_495, 1_325_700, False),  # Kronoberg
}
AMOUNTS_2025 = {"01": 115_800_812, "09": 2_857_807, "23": 6_217_276, "07": 9_531_254}


def test_the_hand_computation():
    floors = {c: 400_000_000 * p // TOTAL_POPULATION for c, p in FIGURES_2024.items()}
    remainders = {c: 400_000_000 * p % TOTAL_POPULATION for c, p in FIGURES_2024.items()}
    left_over = 400_000_000 - sum(floors.values())
    assert left_over == 13
    winners = sorted(remainders, key=lambda c: -remainders[c])[:left_over]
    for code, (floor, remainder, extra) in EXPECTED_2026.items():
        assert (floors[code], remainders[code], code in winners) == (floor, remainder, extra)


def test_the_preview_divides_400_million_over_the_2024_figures(planned_2026):
    preview = allocation_preview(
        grant=planned_2026, amount=400_000_000_00, dataset=planned_2026.population_dataset
    )
    by_code = {row.county_code: row for row in preview.rows}
    for code, (floor, _remainder, extra) in EXPECTED_2026.items():
        row = by_code[code]
        assert row.amount == (floor + extra) * 100
        assert row.previous_amount == AMOUNTS_2025[code] * 100
        assert row.difference == (floor + extra - AMOUNTS_2025[code]) * 100
    assert preview.total_amount == 400_000_000_00
    assert preview.previous_total == 496_000_000_00
    assert preview.difference_total == -96_000_000_00
    assert preview.total_population == TOTAL_POPULATION
    assert preview.previous_grant.year == 2025


def test_the_preview_page_shows_amounts_and_differences(officer_client, planned_2026):
    before = (AllocationTable.objects.count(), Case.objects.count(), AuditEvent.objects.count())
    response = officer_client.get(URL)
    assert response.status_code == 200
    page = text_of(response)
    assert "Förhandsgranska fördelningen, statsbidrag 2026" in page
    assert "Planerad, ännu inte beslutad." in page
    assert (
        f"01 Region Stockholm 2{NBSP}471{NBSP}773 23,3{NBSP}% {kr(93_387_751)} {kr(115_800_812)} {kr(-22_413_061)}"
        in page
    )
    assert (
        f"23 Region Jämtland Härjedalen 132{NBSP}708 1,3{NBSP}% {kr(5_013_932)} {kr(6_217_276)} {kr(-1_203_344)}"
        in page
    )
    assert (
        f"Summa 10{NBSP}587{NBSP}140 100,0{NBSP}% {kr(400_000_000)} {kr(496_000_000)} {kr(-96_000_000)}"
        in page
    )
    assert "En planerad omgång kan inte fastställas ännu." in page
    assert "Fastställ fördelningen" in page  # the heading; no button while planned
    assert 'type="submit" class="btn btn-primary"' not in response.content.decode()
    # Previewing stores nothing.
    assert (
        AllocationTable.objects.count(),
        Case.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_any_amount_and_any_dataset_can_be_previewed(officer_client, planned_2026, figures_2025):
    page = text_of(
        officer_client.get(URL, {"amount": "1 000", "population_dataset": figures_2025.pk})
    )
    assert f"{kr(1000)} fördelat efter folkmängd (Folkmängd 1 november 2025)" in page
    assert (
        f"Summa {f'{sum(FIGURES_2025.values()):,}'.replace(',', NBSP)} 100,0{NBSP}% {kr(1000)}"
        in page
    )
    # 1 000 kr over 10 693 002: Stockholm gets floor(1 000 × 2 496 490 / 10 693 002) = 233;
    # its remainder (5 020 534) is not among the 12 largest, so no krona more.
    assert (
        f"01 Region Stockholm 2{NBSP}496{NBSP}490 23,3{NBSP}% {kr(233)} {kr(115_800_812)}" in page
    )


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1 000,50", "Ange hela kronor: fördelningen delar ut hela kronor."),
        ("tusen", "Ange beloppet i kronor med siffror"),
        ("0", "Ange ett belopp större än noll."),
    ],
)
def test_a_bad_preview_amount_is_explained(officer_client, planned_2026, amount, message):
    response = officer_client.get(
        URL, {"amount": amount, "population_dataset": planned_2026.population_dataset_id}
    )
    assert response.status_code == 200
    page = text_of(response)
    assert f"Belopp att fördela (kronor): {message}" in page
    assert "Förhandsgranskad fördelning" not in page


def test_a_planned_round_is_not_adopted(officer_client, planned_2026):
    response = officer_client.post(
        URL,
        {
            "population_dataset": planned_2026.population_dataset_id,
            "previewed_amount": 400_000_000_00,
        },
    )
    assert response.status_code == 200
    assert "Beslutet är planerat, ännu inte fattat." in text_of(response)
    assert not AllocationTable.objects.filter(grant=planned_2026).exists()
    assert not Case.objects.filter(grant=planned_2026).exists()


def adopt(client, grant, dataset, reason="", confirm=True):
    return client.post(
        f"/bidrag/{grant.year}/fordelning/",
        {
            "population_dataset": dataset.pk,
            "previewed_amount": grant.decision.regions_amount,
            "reason": reason,
            **({"confirm": "1"} if confirm else {}),
        },
    )


def test_adopting_freezes_the_allocation_and_opens_the_cases(officer_client, decided_2026, officer):
    page = text_of(officer_client.get(URL))
    assert "Fastställ fördelningen" in page
    step = adopt(officer_client, decided_2026, decided_2026.population_dataset, confirm=False)
    assert step.status_code == 200
    shown = text_of(step)
    assert "Bekräfta: Fastställ fördelningen" in shown
    assert kr(EXPECTED_2026["01"][0]) in shown and kr(400_000_000) in shown  # Stockholm's share
    assert not AllocationTable.objects.filter(grant=decided_2026).exists()
    assert not AuditEvent.objects.filter(
        action=AuditAction.ALLOCATION_ADOPTED, grant=decided_2026
    ).exists()
    response = adopt(officer_client, decided_2026, decided_2026.population_dataset)
    assert response.status_code == 302
    assert response["Location"] == "/bidrag/2026/"
    table = AllocationTable.objects.get(grant=decided_2026)
    assert table.status == "adopted"
    assert table.adopted_by == officer
    amounts = dict(table.allocations.values_list("region__county_code", "amount"))
    for code, (floor, _remainder, extra) in EXPECTED_2026.items():
        assert amounts[code] == (floor + extra) * 100
    assert sum(amounts.values()) == 400_000_000_00
    assert Case.objects.filter(grant=decided_2026).count() == 21
    event = AuditEvent.objects.get(action=AuditAction.ALLOCATION_ADOPTED, grant=decided_2026)
    assert event.actor == officer
    page = text_of(officer_client.get("/bidrag/2026/"))
    assert f"Fördelningen summerar till {kr(400_000_000)}" in page


def test_adopting_again_needs_a_reason_and_supersedes(
    officer_client, decided_2026, figures_2025, officer
):
    adopt(officer_client, decided_2026, decided_2026.population_dataset)
    first = AllocationTable.objects.get(grant=decided_2026)
    rows_before = list(
        Allocation.objects.filter(table=first).values_list("region_id", "population", "amount")
    )

    response = adopt(officer_client, decided_2026, figures_2025)
    assert response.status_code == 200
    assert (
        "Skäl till att den fastställda fördelningen ersätts: Ange skälet till att den fastställda fördelningen ersätts."
        in text_of(response)
    )
    assert AllocationTable.objects.filter(grant=decided_2026).count() == 1

    response = adopt(
        officer_client, decided_2026, figures_2025, reason="Nya siffror från SCB per 2025-11-01."
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second = AllocationTable.objects.get(grant=decided_2026, status="adopted")
    assert first.status == "superseded"
    assert second.supersedes == first
    assert second.reason == "Nya siffror från SCB per 2025-11-01."
    assert second.population_dataset == figures_2025
    # The frozen table's rows are untouched; the grant now names the figures it uses.
    assert (
        list(
            Allocation.objects.filter(table=first).values_list("region_id", "population", "amount")
        )
        == rows_before
    )
    assert Grant.objects.get(pk=decided_2026.pk).population_dataset == figures_2025
    assert Case.objects.filter(grant=decided_2026).count() == 21
    event = AuditEvent.objects.filter(action=AuditAction.ALLOCATION_ADOPTED).latest("pk")
    assert event.reason == "Nya siffror från SCB per 2025-11-01."
    assert event.data["supersedes"] == first.pk
    page = text_of(officer_client.get(URL))
    assert "Ersatt" in page and "Nya siffror från SCB per 2025-11-01." in page


def test_adopting_what_was_not_previewed_is_refused(officer_client, decided_2026):
    response = officer_client.post(
        URL,
        {
            "population_dataset": decided_2026.population_dataset_id,
            "previewed_amount": 1_000_00,
        },
    )
    assert response.status_code == 200
    assert "inte det förhandsgranskade beloppet" in text_of(response)
    assert not AllocationTable.objects.filter(grant=decided_2026).exists()


def test_only_officers_adopt(client, decided_2026, auditor, stockholm):
    client.force_login(auditor)
    assert client.get(URL).status_code == 200  # auditors read
    assert "Fastställ fördelningen</button>" not in client.get(URL).content.decode()
    assert adopt(client, decided_2026, decided_2026.population_dataset).status_code == 403
    client.force_login(factories.region_user(stockholm, RegionRole.ADMIN))
    assert client.get(URL).status_code == 403
    assert adopt(client, decided_2026, decided_2026.population_dataset).status_code == 403
    assert not AllocationTable.objects.filter(grant=decided_2026).exists()


def test_the_preview_query_count_is_fixed(
    officer_client, planned_2026, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        officer_client.get(URL)


@pytest.mark.postgres
def test_the_database_refuses_to_change_an_adopted_table(grant_2025, figures_2025):
    table = AllocationTable.objects.get(grant=grant_2025)
    attempts = [
        {"total_amount": 1},
        {"population_dataset": figures_2025},
        {"reason": "ändrad i efterhand"},
        {"adopted_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)},
        {"adopted_by": factories.officer()},
        {"supersedes": table},
    ]
    for change in attempts:
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            AllocationTable.objects.filter(pk=table.pk).update(**change)
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        Allocation.objects.filter(table=table).update(amount=0)
    # The one change allowed: adopted → superseded, never back.
    AllocationTable.objects.filter(pk=table.pk).update(status="superseded")
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        AllocationTable.objects.filter(pk=table.pk).update(status="adopted")
    table.refresh_from_db()
    assert table.total_amount == 496_000_000_00
    assert table.status == "superseded"
