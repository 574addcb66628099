import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.money import MAX_ORE, AmountError, format_kronor, parse_amount
from core.templatetags.formatting import kr, number, percent


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("115 800 812", 11_580_081_200),
        ("115 800 812,00", 11_580_081_200),
        ("115\u00a0800\u00a0812 kr", 11_580_081_200),
        ("115\u202f800\u202f812", 11_580_081_200),
        ("115800812", 11_580_081_200),
        ("115.800.812,50", 11_580_081_250),
        ("1234,5", 123_450),
        ("1234.5", 123_450),
        ("0,01", 1),
        ("\u2212500", -50_000),
        ("-500", -50_000),
        ("12 345:-", 1_234_500),
    ],
)
def test_swedish_amounts_are_parsed_to_ore(text, ore):
    assert parse_amount(text) == ore


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "invalid"),
        ("12,345", "too_many_decimals"),
        ("1,2,3", "invalid"),
        ("<script>1</script>", "invalid"),
        ("9" * 30, "too_large"),
        ("1e9", "invalid"),
    ],
)
def test_what_is_not_an_amount_says_why(text, code):
    with pytest.raises(AmountError) as raised:
        parse_amount(text)
    assert raised.value.code == code


def test_amounts_are_formatted_the_swedish_way():
    assert format_kronor(11_580_081_200) == "115\u00a0800\u00a0812\u00a0kr"
    assert format_kronor(11_580_081_250) == "115\u00a0800\u00a0812,50\u00a0kr"
    assert format_kronor(100) == "1\u00a0kr"
    assert format_kronor(5) == "0,05\u00a0kr"
    assert format_kronor(-50_000) == "\u2212500\u00a0kr"
    assert kr(0) == "0\u00a0kr"
    assert number(2471773) == "2\u00a0471\u00a0773"


def test_percent_is_rounded_half_up_with_decimal_comma():
    from decimal import Decimal

    assert percent(Decimal("23.347")) == "23,3\u00a0%"
    assert percent(Decimal("0.05")) == "0,1\u00a0%"


@given(st.integers(min_value=-MAX_ORE, max_value=MAX_ORE))
def test_what_is_formatted_parses_back_to_the_same_ore(ore):
    assert parse_amount(format_kronor(ore)) == ore
