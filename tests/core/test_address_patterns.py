"""An address with a hole per parameter, filled in, is the address reverse() gives, whatever
the order the parameters are named in and however many are numbers."""

import pytest
from django.urls import reverse

from core.address_patterns import address_pattern

CASES = [
    ("reminders:rule_edit", {"year": 2025, "pk": 7}),
    ("reminders:rule_edit", {"pk": 31, "year": 2026}),
    ("attachments:region_download", {"pk": 5, "county_code": "01", "year": 2027}),
    ("attachments:region_download", {"county_code": "25", "year": 2025, "pk": 2025}),
    ("requisitions:payment_files", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), CASES)
def test_a_filled_pattern_is_the_reversed_address(name, kwargs):
    pattern = address_pattern(name, *kwargs)
    assert pattern.format(**kwargs) == reverse(name, kwargs=kwargs)
