"""Only the digits 0-9 make an account or reference number."""

import pytest

from core.checkdigits import (
    CheckDigitError,
    normalize_bankgiro,
    normalize_organisation_number,
    normalize_plusgiro,
)
from repayments.ocr import ocr_is_valid, ocr_reference


@pytest.mark.parametrize(
    "normalize", [normalize_bankgiro, normalize_plusgiro, normalize_organisation_number]
)
@pytest.mark.parametrize(
    "text",
    [
        "5050-105\u00b2",  # superscript two: isdigit(), yet not a number to int()
        "\u0665\u0660\u0665\u0660\u0661\u0660\u0665\u0665",  # 50501055 in Arabic-Indic digits
        "\uff15\uff10\uff15\uff10\uff11\uff10\uff15\uff15",  # and in full-width digits
        "232100-00\u00b2\u00b2",
    ],
)
def test_digits_other_than_0_to_9_are_a_format_error(normalize, text):
    with pytest.raises(CheckDigitError) as error:
        normalize(text)
    assert error.value.code == "format"


def test_the_ascii_numbers_still_pass():
    assert normalize_bankgiro("5050-1055") == "5050-1055"
    assert normalize_plusgiro("4100004") == "41 00 00-4"


def test_an_ocr_reference_in_other_digits_is_not_valid():
    reference = ocr_reference(year=2025, county_code="14", serial=3)
    assert ocr_is_valid(reference)
    arabic_indic = reference.translate({ord(d): chr(0x0660 + int(d)) for d in "0123456789"})
    assert not ocr_is_valid(arabic_indic)
    assert not ocr_is_valid(reference[:-1] + "\u00b2")
