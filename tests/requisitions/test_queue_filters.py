"""The officers' queue ignores a filter that is not a number instead of failing."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["\u00b2", "\u0661", "abc", "1e3"])
def test_a_filter_that_is_not_a_number_is_ignored(officer_client, grant_2025, value):
    response = officer_client.get("/handlaggare/rekvisitioner/", {"grant": value, "region": value})
    assert response.status_code == 200
