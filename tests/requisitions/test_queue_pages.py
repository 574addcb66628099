"""The officer queue shows a page at a time, with the filters kept from page to page."""

import re

import pytest

from accounts.models import RegionRole
from grants.models import Case
from regions.models import Region
from requisitions import services
from requisitions.views import officer as officer_views
from tests import factories

from .conftest import valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_received(before_deadline, grant_2025):
    for code in ("01", "03", "04"):
        region = Region.objects.get(county_code=code)
        case = Case.objects.get(grant=grant_2025, region=region)
        services.requisition_submit(
            case=case,
            data=valid_data(amount=1_000_00),
            version=0,
            actor=factories.region_user(region, RegionRole.SUBMITTER),
        )


def test_the_queue_pages_through_every_requisition(
    client, officer, three_received, grant_2025, monkeypatch
):
    monkeypatch.setattr(officer_views, "QUEUE_PAGE_SIZE", 2)
    client.force_login(officer)

    first = client.get(f"/handlaggare/rekvisitioner/?status=received&grant={grant_2025.pk}")
    text = first.content.decode()
    assert len(first.context["requisitions"]) == 2
    assert "3 rekvisitioner" in text  # the caption counts them all, not only this page
    assert "Sida 1 av 2" in text
    next_link = re.search(r'href="\?([^"]+)">Nästa sida', text).group(1).replace("&amp;", "&")
    assert next_link == f"status=received&grant={grant_2025.pk}&sida=2"

    second = client.get(f"/handlaggare/rekvisitioner/?{next_link}")
    assert "Sida 2 av 2" in second.content.decode()
    names = [r.region_name for r in first.context["requisitions"]]
    names += [r.region_name for r in second.context["requisitions"]]
    assert sorted(names) == ["Region Stockholm", "Region Sörmland", "Region Uppsala"]
    # A page number out of range shows the last page, not an error.
    assert client.get("/handlaggare/rekvisitioner/?sida=99").context["page_obj"].number == 2


def test_a_short_queue_has_no_page_links(client, officer, three_received):
    client.force_login(officer)
    text = client.get("/handlaggare/rekvisitioner/").content.decode()
    assert "Nästa sida" not in text
    assert "Sida 1" not in text


def test_the_queue_sorts_by_a_column_and_keeps_the_order_from_page_to_page(
    client, officer, three_received, monkeypatch
):
    monkeypatch.setattr(officer_views, "QUEUE_PAGE_SIZE", 2)
    client.force_login(officer)
    page = client.get("/handlaggare/rekvisitioner/?sort=-region")
    names = [r.region_name for r in page.context["requisitions"]]
    assert names == ["Region Uppsala", "Region Sörmland"]
    text = page.content.decode()
    assert 'aria-sort="descending"' in text
    assert 'href="?sort=region"' in text  # a second click turns the order
    next_link = re.search(r'href="\?([^"]+)">Nästa sida', text).group(1).replace("&amp;", "&")
    assert next_link == "sort=-region&sida=2"
    # An unknown column is the default order, not an error.
    assert client.get("/handlaggare/rekvisitioner/?sort=password").status_code == 200


def test_the_queue_downloads_as_csv_and_xlsx_with_its_filters(
    client, auditor, three_received, grant_2025
):
    import io

    from openpyxl import load_workbook

    client.force_login(auditor)
    stockholm = Region.objects.get(county_code="01")
    page = client.get(f"/handlaggare/rekvisitioner/?region={stockholm.pk}").content.decode()
    assert f'href="/handlaggare/rekvisitioner/rekvisitioner.csv?region={stockholm.pk}"' in page

    csv = client.get(f"/handlaggare/rekvisitioner/rekvisitioner.csv?region={stockholm.pk}")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Region;Länskod;Statsbidrag;Status;Inkom;")
    assert len(lines) == 2
    assert lines[1].startswith("Region Stockholm;01;2025;Inkom;")
    assert ";1000;" in lines[1]  # kronor, for a spreadsheet

    xlsx = client.get("/handlaggare/rekvisitioner/rekvisitioner.xlsx?sort=-region")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Region Uppsala", "Region Sörmland", "Region Stockholm"]
    assert rows[1][5] == 1000
