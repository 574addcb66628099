"""OCR payment references for repayments.

A reference is the grant year (two digits), the county code (two digits) and the claim's
number (at least five digits), followed by a length digit and a Luhn check digit, as
Bankgirot's OCR with "hard check" expects. Example: 25 01 00007 → 2501000071 + check.
So a reference identifies the region and the claim, and a mistyped digit is caught.
"""

import re

from core.checkdigits import is_digits, luhn_check_digit, luhn_checksum_ok

_DIGIT_RUNS = re.compile(r"\d[\d ]{3,30}\d")


def ocr_reference(*, year: int, county_code: str, serial: int) -> str:
    body = f"{year % 100:02d}{county_code}{serial:05d}"
    with_length = body + str((len(body) + 2) % 10)
    return with_length + str(luhn_check_digit(with_length))


def ocr_is_valid(text: str) -> bool:
    digits = (text or "").replace(" ", "")
    return (
        is_digits(digits)
        and len(digits) >= 11
        and luhn_checksum_ok(digits)
        and int(digits[-2]) == len(digits) % 10
    )


def ocr_parts(text: str) -> tuple[int, str, int] | None:
    """(year % 100, county code, claim number) of a valid reference, else None."""
    digits = (text or "").replace(" ", "")
    if not ocr_is_valid(digits):
        return None
    return int(digits[:2]), digits[2:4], int(digits[4:-2])


def ocr_candidates(reference: str) -> list[str]:
    """Valid OCR numbers found in a free-text bank reference ("S2025/01234 OCR 25010000712")."""
    found: list[str] = []
    for run in _DIGIT_RUNS.findall(reference or ""):
        # The whole run ("2501 0000 716") or one of its parts ("01234 25010000716").
        for digits in (run.replace(" ", ""), *run.split()):
            if ocr_is_valid(digits) and digits not in found:
                found.append(digits)
    return found
