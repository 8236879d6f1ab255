import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanad.cases.reference import format_reference, parse_reference
from sanad.core.errors import BadRequest

years = st.integers(min_value=2020, max_value=2099)
numbers = st.integers(min_value=1, max_value=9_999_999)


@given(years, numbers)
def test_a_formatted_reference_parses_back_to_itself(year, number):
    reference = format_reference(year, number)
    assert reference.startswith(f"SND-{year}-")
    assert parse_reference(reference) == reference
    assert parse_reference(reference.lower().replace("-", " ")) == reference


@given(years, numbers, st.data())
def test_any_single_mistyped_digit_is_rejected(year, number, data):
    reference = format_reference(year, number)
    positions = [i for i, ch in enumerate(reference) if ch.isdigit()]
    i = data.draw(st.sampled_from(positions))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != reference[i]]))
    typo = reference[:i] + wrong + reference[i + 1 :]
    with pytest.raises(BadRequest):
        parse_reference(typo)


@given(years, numbers, st.data())
def test_any_swap_of_two_adjacent_digits_is_rejected(year, number, data):
    reference = format_reference(year, number)
    digits = reference.replace("-", "")[3:]
    pairs = [i for i in range(len(digits) - 1) if digits[i] != digits[i + 1]]
    if not pairs:
        return
    i = data.draw(st.sampled_from(pairs))
    swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    typo = f"SND-{swapped[:4]}-{swapped[4:11]}-{swapped[11]}"
    with pytest.raises(BadRequest):
        parse_reference(typo)


@pytest.mark.parametrize(
    "text", ["", "SND", "SND-2026-12345-7", "XYZ-2026-0012345-7", "SND-2026-0012345-77", "١٢"]
)
def test_malformed_references_are_rejected(text):
    with pytest.raises(BadRequest):
        parse_reference(text)


def test_arabic_indic_digits_are_accepted():
    reference = format_reference(2026, 12345)
    arabic = reference.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert parse_reference(arabic) == reference
