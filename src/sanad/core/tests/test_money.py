import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanad.core.money import format_omr, parse_omr, vat_on


@given(st.integers(min_value=0, max_value=10**9))
def test_vat_is_five_percent_rounded_to_the_nearest_baisa(amount):
    vat = vat_on(amount)
    assert isinstance(vat, int)
    assert abs(vat * 100 - amount * 5) <= 50


@given(st.integers(min_value=0, max_value=10**9))
def test_format_and_parse_round_trip_in_baisa(amount):
    text = format_omr(amount, "en")
    assert text.endswith(" OMR")
    assert parse_omr(text.removesuffix(" OMR")) == amount


def test_arabic_format_uses_the_rial_abbreviation():
    assert format_omr(12345, "ar") == "12.345 ر.ع."
    assert format_omr(500, "en") == "0.500 OMR"


@pytest.mark.parametrize("bad", [-1, 1.5])
def test_vat_refuses_negative_or_fractional_amounts(bad):
    with pytest.raises(ValueError):
        vat_on(bad)


@pytest.mark.parametrize("text", ["", "1.2345", "abc", "1..2", "-3"])
def test_parse_refuses_what_is_not_an_amount(text):
    with pytest.raises(ValueError):
        parse_omr(text)


def test_amounts_typed_on_an_arabic_keyboard_are_read():
    assert parse_omr("١٢٫٣٤٥") == 12345
    assert parse_omr("١٬٢٠٠") == 1_200_000
