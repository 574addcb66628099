"""The region's start page lists in full what the region must do, but of the other grants
only the newest few, with a link to a page of all the region's grants (a page at a time)."""

import datetime as dt
import re

import pytest

from bench.data import decided_grant
from portal.selectors import START_PAGE_OTHERS
from tests import factories

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def text_of(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace(NBSP, " ").split())


@pytest.fixture
def seven_grants(grant_2025, officer):
    """2025 and seven older decided rounds whose requisition deadlines have passed: nothing
    to do in any."""
    for year in range(2010, 2017):
        decided_grant(
            year=year,
            requisition_due=dt.date(year, 11, 30),
            report_due=dt.date(year + 1, 2, 27),
            officer=officer,
        )


def test_the_start_page_shows_the_newest_other_grants_and_links_to_all(
    client, seven_grants, stockholm
):
    client.force_login(factories.region_user(stockholm))
    page = text_of(client.get("/region/01/"))
    shown = re.findall(r"Statsbidrag (\d{4}) [\d ]+ kr", page)
    newest = ["2025"] + [str(year) for year in range(2016, 2009, -1)]
    assert shown == newest[:START_PAGE_OTHERS] == ["2025", "2016", "2015", "2014", "2013"]
    assert "Alla bidrag (8)" in page
    assert 'href="/region/01/bidrag/"' in client.get("/region/01/").content.decode()
    every = text_of(client.get("/region/01/bidrag/"))
    assert re.findall(r"Statsbidrag (\d{4}) [\d ]+ kr", every) == newest
    assert "30 november 2010" in every  # where each stands, as on the start page


def test_the_list_of_grants_is_the_regions_own(client, seven_grants, stockholm, uppsala):
    client.force_login(factories.region_user(uppsala))
    assert client.get("/region/01/bidrag/").status_code == 403
    assert client.get("/region/03/bidrag/").status_code == 200
