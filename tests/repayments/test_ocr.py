import pytest
from hypothesis import given
from hypothesis import strategies as st

from repayments.ocr import ocr_candidates, ocr_is_valid, ocr_parts, ocr_reference


def test_a_reference_identifies_the_region_and_the_claim():
    reference = ocr_reference(year=2025, county_code="14", serial=3)
    assert reference.startswith("251400003")
    assert len(reference) == 11
    assert reference[-2] == "1"  # the length digit: 11 digits
    assert ocr_is_valid(reference)
    assert ocr_parts(reference) == (25, "14", 3)


@given(
    year=st.integers(min_value=2000, max_value=2099),
    county=st.sampled_from(["01", "03", "09", "14", "25"]),
    serial=st.integers(min_value=1, max_value=10**7),
    position=st.integers(min_value=0, max_value=10),
    delta=st.integers(min_value=1, max_value=9),
)
def test_any_single_mistyped_digit_is_caught(year, county, serial, position, delta):
    reference = ocr_reference(year=year, county_code=county, serial=serial)
    assert ocr_is_valid(reference)
    position %= len(reference)
    wrong = (
        reference[:position]
        + str((int(reference[position]) + delta) % 10)
        + reference[position + 1 :]
    )
    assert not ocr_is_valid(wrong)


@given(
    year=st.integers(min_value=2000, max_value=2099),
    serial=st.integers(min_value=1, max_value=10**7),
)
def test_a_dropped_digit_is_caught_by_the_length_digit(year, serial):
    reference = ocr_reference(year=year, county_code="01", serial=serial)
    assert not ocr_is_valid(reference[1:])


@pytest.mark.parametrize("text", ["", "S2025/01234", "1234", "abc25010000716"])
def test_what_is_not_a_reference(text):
    assert not ocr_is_valid(text)


def test_references_are_found_in_free_text():
    reference = ocr_reference(year=2025, county_code="01", serial=7)
    spaced = " ".join([reference[:4], reference[4:8], reference[8:]])
    assert ocr_candidates(f"Återbet. S2025/01234 OCR {reference}") == [reference]
    assert ocr_candidates(f"OCR {spaced}") == [reference]
    assert ocr_candidates("S2025/01234") == []


def test_a_reference_next_to_other_digits_is_still_found():
    reference = ocr_reference(year=2025, county_code="01", serial=7)
    assert ocr_candidates(f"S2025/01234 {reference}") == [reference]
