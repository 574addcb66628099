"""Money is an integer number of öre. Parsing and formatting happen here, at the edge.

Swedish users write amounts as "115 800 812", "115 800 812,00", "115800812 kr" or with
a non-breaking space as thousands separator; a pasted minus sign may be U+2212.
No float ever touches an amount.
"""

import re

ORE_PER_KRONA = 100
NBSP = "\u00a0"
# The largest amount we accept anywhere: 100 000 000 000 000 kr, far beyond any grant
# and well inside PostgreSQL's bigint.
MAX_ORE = 10**16

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']")
_MINUSES = str.maketrans(
    {
        "\u2212": "-",  # minus sign
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\ufe63": "-",
        "\uff0d": "-",
    }
)
_PLAIN = re.compile(r"^(?P<sign>[-+]?)(?P<kronor>\d+)(?:[.,](?P<ore>\d+))?$")
_DOTTED = re.compile(r"^(?P<sign>[-+]?)(?P<kronor>\d{1,3}(?:\.\d{3})+)(?:,(?P<ore>\d+))?$")


class AmountError(ValueError):
    """The text is not an amount. ``code`` says why, for a message at the field."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_amount(text: str) -> int:
    """Parse a Swedish amount in kronor and return öre.

    Raises :class:`AmountError` with code ``empty``, ``invalid``, ``too_many_decimals``
    or ``too_large``. The sign is kept: whether a negative amount is allowed is the
    caller's rule, not the parser's.
    """
    cleaned = (text or "").translate(_MINUSES)
    cleaned = _SPACES.sub("", cleaned)
    cleaned = re.sub(r"(?i)(kr|kronor|sek|:-)$", "", cleaned)
    cleaned = cleaned.removesuffix(":-")
    if not cleaned:
        raise AmountError("empty")
    match = _PLAIN.match(cleaned) or _DOTTED.match(cleaned)
    if not match:
        raise AmountError("invalid")
    ore_text = match.group("ore") or ""
    if len(ore_text) > 2:
        raise AmountError("too_many_decimals")
    kronor_text = match.group("kronor").replace(".", "")
    if len(kronor_text) > 20:
        raise AmountError("too_large")
    value = int(kronor_text) * ORE_PER_KRONA + int(ore_text.ljust(2, "0") or 0)
    if value > MAX_ORE:
        raise AmountError("too_large")
    return -value if match.group("sign") == "-" else value


def group_digits(number: int) -> str:
    """2471773 -> "2 471 773" with non-breaking spaces."""
    # Python's own grouping (a comma every three digits), the commas made spaces.
    return f"{number:,}".replace(",", NBSP)


def format_kronor(ore: int, *, unit: bool = True) -> str:
    """Format öre as Swedish kronor: 11580081200 -> "115 800 812 kr".

    Öre are shown only when the amount is not whole kronor ("123 456,50 kr"), never as
    ",00": the service's one format rule (``core.formats``, docs/formats.md).
    A negative amount gets a real minus sign (U+2212).
    """
    negative = ore < 0
    kronor, rest = divmod(abs(ore), ORE_PER_KRONA)
    text = group_digits(kronor)
    if rest:
        text += f",{rest:02d}"
    if negative:
        text = "\u2212" + text
    return text + (f"{NBSP}kr" if unit else "")


def kronor_to_ore(kronor: int) -> int:
    return kronor * ORE_PER_KRONA


def ore_to_whole_kronor(ore: int) -> int:
    """Exact conversion for amounts known to be whole kronor; refuses to round."""
    kronor, rest = divmod(ore, ORE_PER_KRONA)
    if rest:
        raise ValueError(f"{ore} öre is not a whole number of kronor")
    return kronor
