"""GET /oppna-data/fordelning/<year>.json and .csv: public, exact, and 404 for unknown years."""

import csv
import io

import pytest


@pytest.mark.django_db
def test_json_lists_every_region_with_the_agreed_keys(client, grant_2025):
    response = client.get("/oppna-data/fordelning/2025.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    rows = response.json()
    assert len(rows) == 21
    assert all(
        set(row) == {"county_code", "region", "population", "share_percent", "amount_sek"}
        for row in rows
    )
    assert rows[0] == {
        "county_code": "01",
        "region": "Region Stockholm",
        "population": 2471773,
        "share_percent": 23.3,
        "amount_sek": 115800812,
    }
    norrbotten = next(row for row in rows if row["county_code"] == "25")
    assert norrbotten["region"] == "Region Norrbotten"
    assert norrbotten["amount_sek"] == 11645937
    assert isinstance(norrbotten["amount_sek"], int)
    assert sum(row["amount_sek"] for row in rows) == 496_000_000


@pytest.mark.django_db
def test_csv_is_the_same_data_for_swedish_spreadsheets(client, grant_2025):
    json_rows = client.get("/oppna-data/fordelning/2025.json").json()

    response = client.get("/oppna-data/fordelning/2025.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="fordelning-2025.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel needs the BOM to read å, ä and ö
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert [row["county_code"] for row in rows] == [row["county_code"] for row in json_rows]
    assert rows[0]["share_percent"] == "23,3"
    assert rows[3]["region"] == "Region Östergötland"
    assert [int(row["amount_sek"]) for row in rows] == [row["amount_sek"] for row in json_rows]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/oppna-data/fordelning/2024.json", "/oppna-data/fordelning/1999.csv"]
)
def test_an_unknown_year_is_a_404(client, grant_2025, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_open_data_needs_no_login_and_refuses_writes(client, grant_2025):
    assert client.get("/oppna-data/fordelning/2025.json").status_code == 200
    assert client.post("/oppna-data/fordelning/2025.json").status_code == 405
