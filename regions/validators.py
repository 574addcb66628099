"""Field validators with Swedish messages for numbers that carry a check digit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.checkdigits import (
    CheckDigitError,
    normalize_bankgiro,
    normalize_organisation_number,
    normalize_plusgiro,
)

_MESSAGES = {
    "organisation_number": {
        "format": _("Enter the organisation number as ten digits, NNNNNN-NNNN."),
        "checksum": _("The organisation number's check digit is wrong. Check the number."),
    },
    "bankgiro": {
        "format": _("Enter the bankgiro number as seven or eight digits, e.g. 1234-5678."),
        "checksum": _("The bankgiro number's check digit is wrong. Check the number."),
    },
    "plusgiro": {
        "format": _("Enter the plusgiro number as two to eight digits, e.g. 123 45 67-8."),
        "checksum": _("The plusgiro number's check digit is wrong. Check the number."),
    },
}

_NORMALIZERS = {
    "organisation_number": normalize_organisation_number,
    "bankgiro": normalize_bankgiro,
    "plusgiro": normalize_plusgiro,
}


def clean_number(kind: str, value: str) -> str:
    """Normalise a number of ``kind`` or raise ValidationError with a Swedish message."""
    try:
        return _NORMALIZERS[kind](value)
    except CheckDigitError as error:
        raise ValidationError(_MESSAGES[kind][error.code], code=error.code) from None


def validate_organisation_number(value: str) -> None:
    normalized = clean_number("organisation_number", value)
    if normalized != value:
        raise ValidationError(
            _("Write the organisation number as %(normalized)s."),
            code="format",
            params={"normalized": normalized},
        )
