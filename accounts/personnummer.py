"""Swedish personal identity numbers (personnummer), the identity an e-ID vouches for.

Stored as twelve digits (YYYYMMDDNNNC), shown in full only to its holder (the account page)
and elsewhere masked as ÅÅMMDD-XXXX (docs/security.md, "The identity model")."""

import re

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.se import personnummer as stdnum_personnummer


class InvalidPersonnummer(ValueError):
    """The value is not a valid personnummer (format, date or check digit)."""


def normalise(value: object) -> str:
    """Twelve digits for any valid way of writing a personnummer (with or without century,
    with a hyphen or plus); :class:`InvalidPersonnummer` for anything else."""
    if not isinstance(value, str) or not value.strip() or len(value) > 20:
        raise InvalidPersonnummer(value)
    try:
        valid = stdnum_personnummer.validate(value.strip())
        birth = stdnum_personnummer.get_birth_date(valid)
    except (StdnumValidationError, ValueError) as error:
        raise InvalidPersonnummer(value) from error
    digits = re.sub(r"\D", "", valid)
    if len(digits) == 10:
        # The century from the birth date (a plus sign means a hundred years or more).
        digits = f"{birth.year // 100:02d}{digits}"
    if len(digits) != 12:  # pragma: no cover - stdnum accepts 10 or 12 digits only
        raise InvalidPersonnummer(value)
    return digits


def masked(value: str) -> str:
    """ÅÅMMDD-XXXX: the birth date without the century, the last four digits hidden."""
    if not value:
        return ""
    return f"{value[2:8]}-XXXX"


def full(value: str) -> str:
    """ÅÅÅÅMMDD-NNNN, for its holder's own page only."""
    if not value:
        return ""
    return f"{value[:8]}-{value[8:]}"
