import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sanad.accounts.identity import normalise_id_number, normalise_phone


@given(st.integers(min_value=100000, max_value=9999999999))
def test_any_6_to_10_digit_number_not_starting_with_zero_is_accepted(number):
    text = str(number)
    if len(set(text)) == 1:
        return
    assert normalise_id_number(text) == text


@given(st.text(alphabet="0123456789", min_size=11, max_size=20))
def test_numbers_longer_than_ten_digits_are_rejected(text):
    with pytest.raises(ValidationError):
        normalise_id_number(text)


@given(st.text(min_size=1).filter(lambda s: any(not c.isdigit() and not c.isspace() and c != "-" for c in s)))
def test_anything_with_a_non_digit_is_rejected(text):
    with pytest.raises(ValidationError):
        normalise_id_number(text)


def test_arabic_indic_digits_and_spaces_are_normalised():
    assert normalise_id_number("١٢٣ ٤٥٦٧٨") == "12345678"


@pytest.mark.parametrize("value", ["", "12345", "00123456", "11111111", "12-34", "abc12345"])
def test_malformed_civil_numbers_are_rejected(value):
    with pytest.raises(ValidationError):
        normalise_id_number(value)


@given(st.sampled_from("79"), st.integers(min_value=1000000, max_value=9999999))
def test_omani_mobile_numbers_are_stored_in_e164(first, rest):
    local = f"{first}{rest}"
    try:
        result = normalise_phone(local)
    except ValidationError:
        return  # some 7x/9x ranges are unallocated; those are rightly refused
    assert result == f"+968{local}"
    assert normalise_phone(f"+968 {local}") == result
    assert normalise_phone(f"00968{local}") == result


@pytest.mark.parametrize(
    "value", ["", "hello", "+968 1234", "24123456", "+968 2412 3456", "12", "+1 555", "٩٩٩"]
)
def test_unparsable_or_non_mobile_omani_numbers_are_rejected(value):
    with pytest.raises(ValidationError):
        normalise_phone(value)


def test_valid_foreign_numbers_are_accepted():
    assert normalise_phone("+44 20 7946 0018") == "+442079460018"


def test_arabic_indic_phone_digits_are_accepted():
    assert normalise_phone("٩١٢٣٤٥٦٧") == "+96891234567"
