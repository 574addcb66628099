"""The preview's column choice comes from the address bar: anything but 0-9 is ignored."""

import pytest

from regions.services import population_import_upload
from tests.regions.scb_files import FIGURES_2025, as_csv, scb_rows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("column", ["\u00b2", "\u0661", "abc", "-1", "99"])
def test_a_column_that_is_not_a_number_of_the_file_shows_the_default(
    officer_client, officer, regions, column
):
    upload = population_import_upload(
        filename="BE0101N1.csv",
        content=as_csv(scb_rows(FIGURES_2025, years=("2025",))),
        actor=officer,
    )
    response = officer_client.get(f"/bidrag/befolkning/fil/{upload.pk}/", {"column": column})
    assert response.status_code == 200
    assert "Stockholms län" in response.content.decode()
