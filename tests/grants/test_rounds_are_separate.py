"""Rounds stay apart: everything done to 2026 leaves 2025's records as they were, region
users carry over to the new round once it is decided, and each round has its own pages."""

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import RegionMembership
from grants.models import Allocation, AllocationTable, Case, Deadline, Grant
from records.models import DataVersion
from requisitions.models import Disbursement, Requisition
from tests import factories
from tests.regions.scb_files import FIGURES_2025, as_csv, scb_rows

from .rounds import register_form

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Rows that legitimately change when anyone uses the application: sessions, last logins, and
# the versions of everyone's data and of every region's view of the grants, which any new
# round moves (core/page_cache.py).
NOT_COMPARED = {"sessions.Session", "accounts.User", "records.DataVersion"}


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(page))


def snapshot() -> dict[str, dict[object, dict]]:
    """Every row of every table, by primary key."""
    rows = {}
    for model in apps.get_models():
        if model._meta.label in NOT_COMPARED:
            continue
        rows[model._meta.label] = {
            row["pk"]: row
            for row in model.objects.values("pk", *[f.attname for f in model._meta.concrete_fields])
        }
    return rows


def register_decide_and_adopt_2026(client, dataset_2024_pk: int) -> None:
    """An officer's whole path through a new round, in the browser."""
    assert (
        client.post(
            "/bidrag/nytt-beslut/", {**register_form(), "population_dataset": str(dataset_2024_pk)}
        ).status_code
        == 302
    )
    # New figures from SCB: uploaded, previewed, confirmed.
    upload = SimpleUploadedFile("BE0101.csv", as_csv(scb_rows(FIGURES_2025, years=("2025",))))
    response = client.post("/bidrag/befolkning/", {"file": upload})
    import_url = response["Location"]
    assert client.get(import_url).status_code == 200
    response = client.post(
        import_url,
        {"name": "Folkmängd 2025", "source": "SCB", "reference_date": "2025-11-01"},
    )
    assert response.status_code == 302
    dataset_2025_pk = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    # Previewing, any amount and either dataset.
    for params in ({}, {"amount": "123 456", "population_dataset": dataset_2025_pk}):
        assert client.get("/bidrag/2026/fordelning/", params).status_code == 200
    # Decided, adopted on the 2024 figures, then replaced by one on the 2025 figures.
    assert (
        client.post(
            "/bidrag/2026/beslutat/",
            {
                "diarienummer": "S2026/00400",
                "decided_on": "2026-03-12",
                "total_amount": "400 000 000",
                "regions_amount": "396 000 000",
                "administration_amount": "4 000 000",
                "conditions": "Villkor enligt beslutet.",
            },
        ).status_code
        == 302
    )
    for dataset_pk, reason in ((dataset_2024_pk, ""), (dataset_2025_pk, "Nyare siffror.")):
        response = client.post(
            "/bidrag/2026/fordelning/",
            {
                "population_dataset": dataset_pk,
                "previewed_amount": 396_000_000_00,
                "reason": reason,
                "confirm": "1",
            },
        )
        assert response.status_code == 302, text_of(response)
    assert client.get("/oppna-data/fordelning/2026.json").status_code == 200


def test_nothing_of_2025_changes_when_2026_is_registered_imported_previewed_and_adopted(
    client, paid_case, officer
):
    grant_2025 = paid_case.grant
    client.force_login(officer)
    before = snapshot()
    before_2025_version = (
        DataVersion.objects.filter(scope="grant:2025").values_list("version").get()
    )
    # Not a vacuous comparison: 2025 has its decision, allocation, cases and a payment.
    assert Requisition.objects.filter(case__grant=grant_2025).count() == 1
    assert Disbursement.objects.count() == 1
    assert len(before["grants.Case"]) == 21
    assert len(before["grants.Allocation"]) == 21

    register_decide_and_adopt_2026(client, grant_2025.population_dataset_id)

    after = snapshot()
    # The version of 2025's own data has not moved: 2025's kept pages stay as they were.
    assert DataVersion.objects.filter(scope="grant:2025").values_list("version").get() == (
        before_2025_version
    )
    for label, rows in before.items():
        for pk, row in rows.items():
            assert after[label].get(pk) == row, f"{label} {pk} changed"
    grant_2026 = Grant.objects.get(year=2026)
    assert AllocationTable.objects.filter(grant=grant_2026).count() == 2
    assert Case.objects.filter(grant=grant_2026).count() == 21
    # Every new row of a grant's records belongs to 2026.
    for model in (Deadline, AllocationTable, Case):
        new = model.objects.exclude(pk__in=before[model._meta.label])
        assert set(new.values_list("grant__year", flat=True)) == {2026}
    new_allocations = Allocation.objects.exclude(pk__in=before["grants.Allocation"])
    assert set(new_allocations.values_list("table__grant__year", flat=True)) == {2026}
    # And 2025's pages and open data still say what they said.
    page = text_of(client.get("/bidrag/2025/"))
    assert "Varje regions belopp är detsamma som i beslutets tabell." in page
    assert f"Fördelningen summerar till 496{NBSP}000{NBSP}000{NBSP}kr" in page
    rows_2025 = client.get("/oppna-data/fordelning/2025.json").json()
    assert sum(row["amount_sek"] for row in rows_2025) == 496_000_000
    rows_2026 = client.get("/oppna-data/fordelning/2026.json").json()
    assert sum(row["amount_sek"] for row in rows_2026) == 396_000_000


def test_region_users_carry_over_and_see_a_round_once_it_is_decided(
    client, grant_2025, region_submitter, officer, time_machine
):
    # Spring 2026: the 2026 round's requisition (by 1 December 2026) is still ahead, so the
    # region's home page shows it in full as something to do.
    time_machine.move_to(dt.datetime(2026, 4, 1, 10, tzinfo=STOCKHOLM), tick=True)
    memberships = list(RegionMembership.objects.values_list("pk", "region_id", "role"))
    client.force_login(officer)
    client.post(
        "/bidrag/nytt-beslut/",
        {**register_form(), "population_dataset": str(grant_2025.population_dataset_id)},
    )
    client.force_login(region_submitter)
    page = text_of(client.get("/region/01/"))
    assert "Statsbidrag 2025" in page
    assert "Statsbidrag 2026" not in page  # planned: not shown to the regions
    assert client.get("/region/01/bidrag/2026/").status_code == 404
    assert client.get("/oppna-data/fordelning/2026.json").status_code == 404

    client.force_login(officer)
    client.post(
        "/bidrag/2026/beslutat/",
        {
            "diarienummer": "S2026/00400",
            "decided_on": "2026-03-12",
            "total_amount": "400 000 000",
            "regions_amount": "400 000 000",
            "administration_amount": "0",
            "conditions": "Villkor enligt beslutet.",
        },
    )
    client.post(
        "/bidrag/2026/fordelning/",
        {
            "population_dataset": grant_2025.population_dataset_id,
            "previewed_amount": 400_000_000_00,
            "confirm": "1",
        },
    )
    client.force_login(region_submitter)
    page = text_of(client.get("/region/01/"))
    assert "Statsbidrag 2026" in page
    assert f"Regionens tilldelning 93{NBSP}387{NBSP}751{NBSP}kr" in page
    assert "Regionernas rekvisition 2026-12-01" in page
    assert "Statsbidrag 2025" in page
    assert client.get("/region/01/bidrag/2026/").status_code == 200
    # The same users, with the same roles: nothing was copied or added for the new round.
    assert list(RegionMembership.objects.values_list("pk", "region_id", "role")) == memberships


def test_officers_land_on_the_inbox_whichever_round_is_planned_or_decided(
    client, grant_2025, officer
):
    client.force_login(officer)
    client.post(
        "/bidrag/nytt-beslut/",
        {**register_form(), "population_dataset": str(grant_2025.population_dataset_id)},
    )
    response = client.post(
        "/konto/logga-in/", {"username": officer.email, "password": factories.PASSWORD}, follow=True
    )
    # The start page is the inbox across all grants (portal), not one round's page.
    assert response.redirect_chain[-1][0] == "/handlaggare/inkorg/"
    client.post(
        "/bidrag/2026/beslutat/",
        {
            "diarienummer": "S2026/00400",
            "decided_on": dt.date(2026, 3, 12).isoformat(),
            "total_amount": "400 000 000",
            "regions_amount": "400 000 000",
            "administration_amount": "0",
            "conditions": "Villkor.",
        },
    )
    assert client.get("/").headers["Location"] == "/handlaggare/inkorg/"
