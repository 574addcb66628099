"""Hypothesis strategies for hostile form input: what a careless paste, a broken client or
an attacker may send. Surrogates are left out: a browser cannot send them."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

HUGE_NUMBERS = [
    "9" * 40,
    "9" * 20,
    "1e308",
    "-1e308",
    "-0",
    "+0",
    "0",
    "-1",
    "\u22125",  # U+2212 minus sign
    "\u20105",  # U+2010 hyphen
    "\u2013100",  # en dash
    "115 800 812,00",
    "115\u00a0800\u00a0812",
    "115\u202f800\u202f812,50",
    "115\u2009800\u2009812",
    "1.000.000,00",
    "1,234",
    "0,001",
    "99999999999999999999,99",
    "100000000000000,01",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "NaN",
    "inf",
    "-Infinity",
    "0x10",
    "1_000",
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "\u00b2",  # superscript two: isdigit() but not int()
    "\uff15\uff10\uff10",  # full-width digits
    "5\x00",
    " 5 ",
    "5 kr",
    "5:-",
    "kr",
]

BAD_DATES = [
    "2025-02-30",
    "31/12/2025",
    "2025-13-01",
    "2025-00-10",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2025-1-1",
    "20251201",
    "2025-12-01T25:00",
    "\u0662\u0660\u0662\u0665-\u0661\u0662-\u0660\u0661",
    "2025-12-01\x00",
    "-2025-12-01",
]

HOSTILE_TEXT = [
    "",
    " ",
    "\t\r\n",
    SCRIPT,
    IMG,
    "<b>fet</b>",
    "&#60;script&#62;",
    "javascript:alert(1)",
    "{{ 7|add:7 }}{% now 'Y' %}",
    "%(name)s %s {0}",
    "' OR 1=1 --",
    "\x00",
    "a\x00b",
    "\x01\x02\x08\x0b\x0c\x1b\x1f\x7f",
    "\u202eevil",
    "\ufeffbom",
    "\u200b",
    "\U0001f4a9 \U0001d7d8",
    "Åsa Öberg-Ärlig",
    "\u2212" * 3,
]

# Any character but surrogates (not sendable) — control characters and NUL included.
unicode_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)

long_text = st.builds(
    lambda n, c: (c * n)[:n],
    st.integers(min_value=5_000, max_value=100_000),
    st.sampled_from(["x", "å", "<", "\U0001f4a9", "ab c"]),
)

text = st.one_of(st.sampled_from(HOSTILE_TEXT), unicode_text, long_text)
numbers = st.one_of(
    st.sampled_from(HUGE_NUMBERS),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    text,
)
dates = st.one_of(st.sampled_from(BAD_DATES), st.dates().map(lambda d: d.isoformat()), text)
emails = st.one_of(
    st.sampled_from(
        [
            "a@b",
            "x" * 300 + "@example.test",
            "<script>@example.test",
            "sara@regionstockholm.test\x00",
            "s\u00e4ra@r\u00e4gion.test",
            "@example.test",
        ]
    ),
    st.emails().map(str),
    text,
)

ANY = st.one_of(text, numbers, dates)


def hostile(kind: str, choices: tuple[str, ...] = ()) -> st.SearchStrategy[Any]:
    """Hostile values for a field of ``kind``."""
    if kind == "amount" or kind == "int":
        return numbers
    if kind == "date":
        return dates
    if kind == "email":
        return emails
    if kind in ("choice", "bool"):
        return st.one_of(st.sampled_from(choices or ("on", "true", "1")), ANY)
    if kind == "multichoice":
        return st.lists(st.one_of(st.sampled_from(choices or ("x",)), text), max_size=4)
    if kind == "file":
        return uploads()
    if kind == "files":
        return st.lists(uploads(), max_size=2)
    return ANY


FILE_NAMES = st.one_of(
    st.sampled_from(
        [
            "data.csv",
            "data.xlsx",
            "<script>alert(1)</script>.csv",
            "a\x01b.csv",
            "..\\..\\etc\\passwd",
            "../../../etc/passwd",
            "x" * 300 + ".csv",
            "\U0001f4a9.pdf",
            ".csv",
        ]
    ),
    st.text(
        st.characters(exclude_categories=("Cs",), exclude_characters='\x00\r\n"/\\'),
        min_size=1,
        max_size=40,
    ),
)

FILE_BODIES = st.one_of(
    st.binary(max_size=2_000),
    st.sampled_from(
        [
            b"",
            b"\x00" * 100,
            b"PK\x03\x04broken-zip",
            b"%PDF-1.7\n%broken",
            "\ufeffBokf\u00f6ringsdag;Belopp\n2026-02-02;9999999999999999999999;x;y;z\n".encode(),
            b"a;b;c\n" * 2000,
            SCRIPT.encode(),
        ]
    ),
    text.map(lambda t: t.encode("utf-8", "surrogatepass")),
)


def uploads() -> st.SearchStrategy[SimpleUploadedFile]:
    return st.builds(
        lambda name, body, content_type: SimpleUploadedFile(name, body, content_type=content_type),
        FILE_NAMES,
        FILE_BODIES,
        st.sampled_from(["text/csv", "application/octet-stream", "text/html", "application/pdf"]),
    )
