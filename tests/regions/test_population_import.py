"""Importing population figures in the browser: upload, preview, confirm. Nothing becomes a
population dataset before an officer confirms a file without problems."""

import datetime as dt
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import RegionRole
from records.models import AuditAction, AuditEvent
from regions.models import PopulationDataset, PopulationFigure, PopulationImport
from tests import factories
from tests.regions.scb_files import (
    FIGURES_2024,
    FIGURES_2025,
    TOTAL_2024,
    as_csv,
    as_xlsx,
    scb_rows,
)

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(page))


def upload(client, content: bytes, name: str = "BE0101N1.csv"):
    return client.post("/bidrag/befolkning/", {"file": SimpleUploadedFile(name, content)})


def confirm(client, population_import, **extra):
    data = {
        "name": "Folkmängd per region 1 november 2025",
        "source": "Statistiska centralbyrån (SCB)",
        "reference_date": "2025-11-01",
        **extra,
    }
    return client.post(f"/bidrag/befolkning/fil/{population_import.pk}/", data)


def test_a_good_csv_is_previewed_then_stored_only_when_confirmed(officer_client, officer, regions):
    response = upload(officer_client, as_csv(scb_rows(FIGURES_2025, years=("2025",))))
    population_import = PopulationImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/bidrag/befolkning/fil/{population_import.pk}/"
    # Uploaded and previewed: kept as a file, not stored as figures.
    assert not PopulationDataset.objects.exists()
    page = text_of(officer_client.get(response["Location"]))
    assert "Varje region har en siffra och inget annat är fel." in page
    assert f"01 Region Stockholm 01 Stockholms län 5 2{NBSP}496{NBSP}490 OK" in page
    assert f"25 Region Norrbotten 25 Norrbottens län 25 251{NBSP}068 OK" in page
    assert "Spara befolkningsuppgifterna" in page
    assert not PopulationDataset.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.POPULATION_UPLOADED).count() == 1

    response = confirm(officer_client, population_import)
    dataset = PopulationDataset.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/bidrag/befolkning/{dataset.pk}/"
    assert dataset.source == "Statistiska centralbyrån (SCB)"
    assert dataset.reference_date == dt.date(2025, 11, 1)
    assert dict(dataset.figures.values_list("region__county_code", "population")) == FIGURES_2025
    population_import.refresh_from_db()
    assert population_import.status == "confirmed"
    assert population_import.dataset == dataset
    assert population_import.confirmed_by == officer
    event = AuditEvent.objects.get(action=AuditAction.POPULATION_IMPORTED)
    assert event.actor == officer
    assert event.data["figures"] == FIGURES_2025
    assert event.data["total"] == sum(FIGURES_2025.values())
    page = text_of(officer_client.get(response["Location"]))
    assert f"01 Region Stockholm 2{NBSP}496{NBSP}490" in page

    # Confirming twice stores nothing more.
    response = confirm(officer_client, population_import, reference_date="2025-11-02")
    assert PopulationDataset.objects.count() == 1


def test_a_good_xlsx_is_read(officer_client, regions):
    upload(officer_client, as_xlsx(scb_rows()), "BE0101N1.xlsx")
    population_import = PopulationImport.objects.get()
    assert population_import.file_format == "xlsx"
    page = text_of(officer_client.get(f"/bidrag/befolkning/fil/{population_import.pk}/"))
    assert f"Summa {_grouped(TOTAL_2024)}" in page
    assert f"Rikets total i filen (00 Riket) {_grouped(TOTAL_2024)}" in page
    confirm(officer_client, population_import, reference_date="2024-11-02")
    assert (
        dict(PopulationFigure.objects.values_list("region__county_code", "population"))
        == FIGURES_2024
    )


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", NBSP)


def test_the_officer_may_read_another_year_column(officer_client, regions):
    rows = scb_rows(FIGURES_2025, years=("2024", "2025"), extra_years={"2024": FIGURES_2024})
    upload(officer_client, as_csv(rows))
    population_import = PopulationImport.objects.get()
    url = f"/bidrag/befolkning/fil/{population_import.pk}/"
    assert "Läst kolumn 2025" in text_of(officer_client.get(url))
    page = text_of(officer_client.get(url, {"column": 1}))
    assert "Läst kolumn 2024" in page
    assert f"01 Region Stockholm 01 Stockholms län 5 2{NBSP}471{NBSP}773 OK" in page
    confirm(officer_client, population_import, column=1)
    assert (
        dict(PopulationFigure.objects.values_list("region__county_code", "population"))
        == FIGURES_2024
    )


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        (
            {code: v for code, v in FIGURES_2024.items() if code != "23"},
            "Region Jämtland Härjedalen (länskod 23) saknas i filen.",
        ),
        ({**FIGURES_2024, "99": 5}, "okänd länskod 99"),
        ({**FIGURES_2024, "02": 5}, "okänd länskod 02"),
        ({**FIGURES_2024, "09": "61 OOO"}, 'Rad 11: "61 OOO" för länskod 09 är inte ett heltal.'),
        ({**FIGURES_2024, "09": ".."}, "Rad 11: det finns ingen siffra för länskod 09"),
    ],
)
def test_a_file_with_errors_is_previewed_with_them_and_cannot_be_stored(
    officer_client, regions, figures, message
):
    upload(officer_client, as_csv(scb_rows(figures, riket=False)))
    population_import = PopulationImport.objects.get()
    page = text_of(officer_client.get(f"/bidrag/befolkning/fil/{population_import.pk}/"))
    assert "Ingenting kan sparas förrän" in page
    assert message in page
    assert "Spara befolkningsuppgifterna" not in page

    response = confirm(officer_client, population_import)
    assert response.status_code == 200
    assert "Filen innehåller fel." in text_of(response)
    assert not PopulationDataset.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.POPULATION_IMPORTED).exists()


def test_a_county_twice_is_shown_at_its_region(officer_client, regions):
    rows = scb_rows(riket=False)
    rows.insert(len(rows) - 2, ["12 Skåne län", 1_500_000])
    upload(officer_client, as_csv(rows))
    page = text_of(
        officer_client.get(f"/bidrag/befolkning/fil/{PopulationImport.objects.get().pk}/")
    )
    assert "länskod 12 förekommer en andra gång (första gången på rad 13)" in page
    assert "Spara befolkningsuppgifterna" not in page


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "tom.csv", "Den skickade filen är tom."),
        (b"\r\n \r\n", "tom.csv", "Filen är tom."),
        (b"%PDF-1.7\n", "beslut.pdf", "Ladda upp en CSV- eller XLSX-fil"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "BE0101.xls", "gamla Excelformatet"),
        (b"Namn;Telefon\nAnna;08-123\n", "kontakter.csv", "Inga länskoder hittades."),
    ],
)
def test_a_file_that_is_not_a_county_table_is_refused_at_the_field(
    officer_client, regions, content, name, message
):
    response = upload(officer_client, content, name)
    assert response.status_code == 200
    page = text_of(response)
    assert "Det finns ett problem" in page
    assert message in page
    assert not PopulationImport.objects.exists()
    assert not PopulationDataset.objects.exists()


def test_figures_from_the_same_source_and_date_are_not_stored_twice(officer_client, grant_2025):
    upload(officer_client, as_csv(scb_rows()))
    population_import = PopulationImport.objects.get()
    response = confirm(officer_client, population_import, reference_date="2024-11-01")
    assert response.status_code == 200
    assert (
        "Befolkningsuppgifter från Statistiska centralbyrån (SCB) per 2024-11-01 är redan sparade."
        in text_of(response)
    )
    assert PopulationDataset.objects.count() == 1


def test_the_population_pages_are_for_officers_only(client, regions, auditor, stockholm):
    officer = factories.officer()
    client.force_login(officer)
    upload(client, as_csv(scb_rows()))
    population_import = PopulationImport.objects.get()
    urls = ["/bidrag/befolkning/", f"/bidrag/befolkning/fil/{population_import.pk}/"]
    for user in (auditor, factories.region_user(stockholm, RegionRole.ADMIN)):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
        assert upload(client, as_csv(scb_rows())).status_code == 403
        assert confirm(client, population_import).status_code == 403
    client.logout()
    assert client.get(urls[0]).status_code == 302
    assert PopulationImport.objects.count() == 1
    assert not PopulationDataset.objects.exists()
