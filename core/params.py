"""Reading a number from a request's parameters, whatever was sent."""

from core.checkdigits import is_digits

BIGINT_MAX = 2**63 - 1


def whole_number(value: object) -> int | None:
    """The whole number ``value`` spells in the digits 0-9 when it fits a database column
    (bigint); None for anything else: nothing, a sign, other characters, or a number too
    large (which ``int()`` would refuse beyond 4 300 digits and the database beyond 19)."""
    if not isinstance(value, str) or not is_digits(value) or len(value) > len(str(BIGINT_MAX)):
        return None
    number = int(value)
    return number if number <= BIGINT_MAX else None
