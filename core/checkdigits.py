"""Swedish numbers with check digits: organisationsnummer, bankgiro, plusgiro.

All of them use the Luhn (modulus 10) check digit. Validation is on the check digit,
never on a prefix: Region Gotland is a municipality with regional duties and its
organisationsnummer does not start with 2321.
"""

import re

_NON_DIGITS = re.compile(r"[\s\u00a0\-]")


def is_digits(text: str) -> bool:
    """Only the digits 0-9. ``str.isdigit`` also accepts "²" and "١", which are no part of
    an account number (and "²" is not even a number to ``int``)."""
    return text.isascii() and text.isdigit()


def luhn_checksum_ok(digits: str) -> bool:
    """True when the last digit is the Luhn check digit of the ones before it."""
    if not is_digits(digits) or len(digits) < 2:
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def luhn_check_digit(digits: str) -> int:
    """The digit that, appended to ``digits``, makes a valid Luhn number."""
    for candidate in range(10):
        if luhn_checksum_ok(digits + str(candidate)):
            return candidate
    raise AssertionError("unreachable: one of ten digits always completes a Luhn number")


def digits_only(text: str) -> str:
    return _NON_DIGITS.sub("", text or "")


class CheckDigitError(ValueError):
    """The number is malformed (``code="format"``) or its check digit is wrong (``"checksum"``)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def normalize_organisation_number(text: str) -> str:
    """Return "NNNNNN-NNNN" or raise :class:`CheckDigitError`."""
    digits = digits_only(text)
    if not is_digits(digits):
        raise CheckDigitError("format")
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    if len(digits) != 10:
        raise CheckDigitError("format")
    if not luhn_checksum_ok(digits):
        raise CheckDigitError("checksum")
    return f"{digits[:6]}-{digits[6:]}"


def normalize_bankgiro(text: str) -> str:
    """Return a bankgiro number as "123-4567" or "1234-5678", or raise."""
    digits = digits_only(text)
    if not is_digits(digits) or len(digits) not in (7, 8):
        raise CheckDigitError("format")
    if not luhn_checksum_ok(digits):
        raise CheckDigitError("checksum")
    return f"{digits[:-4]}-{digits[-4:]}"


def normalize_plusgiro(text: str) -> str:
    """Return a plusgiro number as "123 45 67-8" (pairs from the right), or raise."""
    digits = digits_only(text)
    if not is_digits(digits) or not 2 <= len(digits) <= 8:
        raise CheckDigitError("format")
    if not luhn_checksum_ok(digits):
        raise CheckDigitError("checksum")
    body, check = digits[:-1], digits[-1]
    groups: list[str] = []
    while body:
        groups.insert(0, body[-2:])
        body = body[:-2]
    if len(groups) > 1 and len(groups[0]) == 1:
        groups[1] = groups[0] + groups[1]
        groups.pop(0)
    return " ".join(groups) + f"-{check}"
