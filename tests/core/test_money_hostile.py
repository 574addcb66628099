"""What a paste or a broken client may put in an amount field: read right or refused with a
reason, never an exception of another kind and never more than the database holds."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import MAX_ORE, AmountError, parse_amount


@pytest.mark.parametrize("minus", ["\u2212", "\u2010", "\u2011", "\u2012", "\u2013", "-"])
def test_every_minus_a_text_may_carry_is_a_minus(minus):
    assert parse_amount(f"{minus}5") == -500


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("5\x00", "invalid"),
        ("\x00", "invalid"),
        ("1e308", "invalid"),
        ("NaN", "invalid"),
        ("inf", "invalid"),
        ("9" * 40, "too_large"),
        ("100 000 000 000 000,01", "too_large"),  # one öre more than MAX_ORE
        ("9223372036854775808", "too_large"),  # beyond PostgreSQL's bigint in kronor
        ("\u00b2", "invalid"),
    ],
)
def test_hostile_amounts_are_refused_with_a_reason(text, code):
    with pytest.raises(AmountError) as raised:
        parse_amount(text)
    assert raised.value.code == code


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_any_text_is_an_amount_within_bounds_or_an_amount_error(text):
    try:
        ore = parse_amount(text)
    except AmountError as error:
        assert error.code in {"empty", "invalid", "too_many_decimals", "too_large"}
    else:
        assert isinstance(ore, int)
        assert -MAX_ORE <= ore <= MAX_ORE
