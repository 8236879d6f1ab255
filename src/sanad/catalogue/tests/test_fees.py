"""Fee breakdown in baisa: government fee + centre fee (at most the cap) + 5% VAT on the centre fee."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanad.catalogue.models import ServiceVersion
from sanad.catalogue.services import fee_breakdown
from sanad.core.errors import ValidationFailed
from sanad.core.money import vat_on

BAISA = st.integers(min_value=0, max_value=10_000_000)


def _version(**fields) -> ServiceVersion:
    defaults = {"government_fee_min": 5000, "government_fee_max": 5000, "centre_fee_cap": 2000}
    return ServiceVersion(**(defaults | fields))


@given(government=BAISA, cap=BAISA, data=st.data())
def test_the_total_is_the_sum_of_its_parts_in_whole_baisa(government, cap, data):
    centre_fee = data.draw(st.integers(min_value=0, max_value=cap))
    version = _version(government_fee_min=government, government_fee_max=government, centre_fee_cap=cap)
    fees = fee_breakdown(version=version, centre_fee=centre_fee)
    assert all(isinstance(fees[k], int) for k in ("government_fee", "centre_fee", "vat", "total"))
    assert fees["vat"] == vat_on(centre_fee)
    assert fees["total"] == government + centre_fee + fees["vat"]
    assert fees["vat"] * 20 - centre_fee in range(-10, 11)  # 5%, rounded to the nearest baisa
    assert not fees["is_range"]


@given(low=BAISA, high=BAISA, data=st.data())
def test_a_range_fee_needs_the_actual_government_fee_within_the_range(low, high, data):
    low, high = min(low, high), max(low, high)
    version = _version(government_fee_min=low, government_fee_max=high)
    actual = data.draw(st.integers(min_value=low, max_value=high))
    fees = fee_breakdown(version=version, centre_fee=1000, government_fee=actual)
    assert fees["total"] == actual + 1000 + 50
    without = fee_breakdown(version=version, centre_fee=1000)
    assert (without["government_fee"], without["government_fee_max"]) == (low, high)
    assert without["total_max"] - without["total"] == high - low


def test_the_driving_licence_example():
    version = _version(government_fee_min=10000, government_fee_max=20000, centre_fee_cap=2000)
    assert fee_breakdown(version=version, centre_fee=2000, government_fee=20000) | {"is_estimate": None} == {
        "government_fee": 20000,
        "government_fee_max": 20000,
        "centre_fee": 2000,
        "vat": 100,
        "total": 22100,
        "total_max": 22100,
        "is_range": False,
        "is_estimate": None,
    }


@pytest.mark.parametrize("centre_fee", [2001, -1, 1.5, "1000", True])
def test_a_centre_fee_above_the_cap_or_not_in_baisa_is_refused(centre_fee):
    with pytest.raises(ValidationFailed) as error:
        fee_breakdown(version=_version(), centre_fee=centre_fee)
    assert "centre_fee" in error.value.errors


def test_a_government_fee_outside_the_range_is_refused_unless_it_is_a_percentage():
    with pytest.raises(ValidationFailed):
        fee_breakdown(version=_version(), centre_fee=0, government_fee=6000)
    from decimal import Decimal

    percentage = _version(government_fee_min=36000, government_fee_max=360000, fee_percent=Decimal("3"))
    assert fee_breakdown(version=percentage, centre_fee=0, government_fee=450000)["total"] == 450000
