"""The quality index formula on examples computed by hand (the arithmetic is written out)."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanad.feedback.formula import CURRENT_VERSION, FORMULAS, V1, V2, Inputs, by_version, compute


def test_a_centre_with_every_component_is_the_weighted_mean():
    # satisfaction: mean 42/10 = 4.2 → (4.2−1)/(5−1)·100 = 80
    # on time: 27/36 = 0.75 → 75
    # send-backs: 4/40 = 0.10 → (0.5−0.10)/0.5·100 = 80
    # complaints: 1 per 40 = 25 per 1,000 → beyond 20 → 0
    # inspection: passed → 100
    # index = 0.30·80 + 0.25·75 + 0.15·80 + 0.20·0 + 0.10·100 = 24 + 18.75 + 12 + 0 + 10 = 64.75 → 64.8 (C)
    result = compute(
        Inputs(
            cases=40,
            completed=36,
            on_time=27,
            sent_back=4,
            ratings=10,
            overall_sum=42,
            complaints_upheld=1,
            inspection="passed",
        ),
        V1,
    )
    assert result.index == Decimal("64.8")
    assert result.grade == "C"
    assert result.components["satisfaction"]["score"] == 80.0
    assert result.components["on_time"]["score"] == 75.0
    assert result.components["send_backs"]["score"] == 80.0
    assert result.components["complaints"]["score"] == 0.0
    assert result.components["inspection"]["score"] == 100.0


def test_missing_components_are_left_out_and_the_weights_scaled_up():
    # Two ratings (< 3): no satisfaction. No inspection in the year.
    # on time: 18/20 = 0.9 → 90; send-backs: 2/20 = 0.1 → 80; complaints: 0 → 100
    # index = (0.25·90 + 0.15·80 + 0.20·100) / (0.25 + 0.15 + 0.20) = (22.5 + 12 + 20) / 0.6 = 90.833… → 90.8 (A)
    result = compute(Inputs(cases=20, completed=20, on_time=18, sent_back=2, ratings=2, overall_sum=10), V1)
    assert result.components["satisfaction"]["score"] is None
    assert result.components["inspection"]["score"] is None
    assert result.index == Decimal("90.8")
    assert result.grade == "A"


def test_a_weak_centre_gets_an_e():
    # satisfaction: 6/3 = 2 → 25; on time: 1/5 = 0.2 → 20; send-backs: 3/6 = 0.5 → 0;
    # complaints: 0/6 → 100; inspection failed → 0
    # index = 0.30·25 + 0.25·20 + 0.15·0 + 0.20·100 + 0.10·0 = 7.5 + 5 + 0 + 20 + 0 = 32.5 (E)
    result = compute(
        Inputs(cases=6, completed=5, on_time=1, sent_back=3, ratings=3, overall_sum=6, inspection="failed"),
        V1,
    )
    assert result.index == Decimal("32.5")
    assert result.grade == "E"


def test_rounding_is_half_up_to_one_decimal():
    # on time 1/8 = 0.125 → 12.5; send-backs 0 → 100; complaints 0 → 100; others missing
    # (0.25·12.5 + 0.15·100 + 0.20·100) / 0.6 = (3.125 + 15 + 20) / 0.6 = 63.541666… → 63.5
    result = compute(Inputs(cases=8, completed=8, on_time=1), V1)
    assert result.index == Decimal("63.5")


@pytest.mark.parametrize("cases", [0, 1, 4])
def test_too_few_cases_is_not_enough_data_not_a_number(cases):
    result = compute(Inputs(cases=cases, completed=cases, on_time=cases, ratings=5, overall_sum=25), V1)
    assert result.index is None
    assert result.grade == ""
    assert result.reason == "not_enough_data"


def test_the_grade_boundaries():
    from sanad.feedback.formula import grade_for

    assert [grade_for(Decimal(x), V1) for x in ("85", "84.9", "70", "55", "40", "39.9", "0")] == [
        "A",
        "B",
        "B",
        "C",
        "D",
        "E",
        "E",
    ]


def test_version_1_has_no_waiting_time_and_says_it_comes_later():
    assert sum(c.weight for c in V1.components) == 1
    assert "waiting" not in {c.key for c in V1.components}
    assert V1.later


# No timing checks: the suite runs on loaded machines (the arithmetic is fast; the draws may not be).
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cases=st.integers(5, 500),
    completed_share=st.floats(0, 1),
    on_time_share=st.floats(0, 1),
    sent_share=st.floats(0, 1),
    ratings=st.integers(0, 200),
    mean=st.floats(1, 5),
    upheld=st.integers(0, 50),
    inspection=st.sampled_from([None, "passed", "failed"]),
)
def test_the_index_is_always_between_0_and_100(
    cases, completed_share, on_time_share, sent_share, ratings, mean, upheld, inspection
):
    completed = int(cases * completed_share)
    result = compute(
        Inputs(
            cases=cases,
            completed=completed,
            on_time=int(completed * on_time_share),
            sent_back=int(cases * sent_share),
            ratings=ratings,
            overall_sum=round(ratings * mean),
            complaints_upheld=upheld,
            inspection=inspection,
        ),
        V1,
    )
    assert result.index is not None and 0 <= result.index <= 100
    assert result.grade in "ABCDE"


# --- version 2: the month itself, and waiting time from the queue ------------------------------------
def test_version_2_is_in_force_counts_one_month_and_adds_waiting_time():
    assert CURRENT_VERSION == 2 and by_version(None) is V2 and FORMULAS == {1: V1, 2: V2}
    assert V2.window_months == 1 and V2.min_cases == 5 and V2.min_tickets == 10
    assert {c.key: c.weight for c in V2.components} == {
        "satisfaction": Decimal("0.25"),
        "on_time": Decimal("0.25"),
        "send_backs": Decimal("0.10"),
        "complaints": Decimal("0.20"),
        "inspection": Decimal("0.10"),
        "waiting": Decimal("0.10"),
    }
    assert sum(c.weight for c in V2.components) == 1
    with pytest.raises(KeyError, match="known: \\[1, 2\\]"):
        by_version(7)


def test_version_2_with_every_component_is_the_weighted_mean():
    # satisfaction: 42/10 = 4.2 → 80; on time: 27/36 = 0.75 → 75; send-backs: 4/40 = 0.10 → 80;
    # complaints: 25 per 1,000 → 0; inspection passed → 100;
    # waiting: 40 of 50 tickets called within 20 minutes = 0.8 → (0.8−0.5)/(1−0.5)·100 = 60
    # index = 0.25·80 + 0.25·75 + 0.10·80 + 0.20·0 + 0.10·100 + 0.10·60
    #       = 20 + 18.75 + 8 + 0 + 10 + 6 = 62.75 → 62.8 (C)
    inputs = Inputs(
        cases=40,
        completed=36,
        on_time=27,
        sent_back=4,
        ratings=10,
        overall_sum=42,
        complaints_upheld=1,
        inspection="passed",
        tickets=50,
        tickets_on_time=40,
    )
    result = compute(inputs, V2)
    assert result.index == Decimal("62.8") and result.grade == "C"
    assert result.components["waiting"] == {"weight": 0.1, "value": 0.8, "score": 60.0}
    assert result.components["send_backs"]["weight"] == 0.1
    # The same figures under version 1 give version 1's number (64.8), tickets or not.
    assert compute(inputs, V1).index == Decimal("64.8")
    assert "waiting" not in compute(inputs, V1).components


def test_version_2_leaves_out_waiting_time_below_10_tickets():
    # 9 tickets (< 10): no waiting time; 2 ratings: no satisfaction; no inspection.
    # on time 18/20 = 0.9 → 90; send-backs 2/20 = 0.1 → 80; complaints 0 → 100
    # index = (0.25·90 + 0.10·80 + 0.20·100) / (0.25 + 0.10 + 0.20) = 50.5 / 0.55 = 91.818… → 91.8 (A)
    result = compute(
        Inputs(
            cases=20,
            completed=20,
            on_time=18,
            sent_back=2,
            ratings=2,
            overall_sum=10,
            tickets=9,
            tickets_on_time=9,
        ),
        V2,
    )
    assert result.components["waiting"]["score"] is None
    assert result.index == Decimal("91.8") and result.grade == "A"


def test_version_2_long_waits_score_zero_not_below():
    # waiting 5/20 = 0.25, below the 0.5 that scores 0 → 0 (clamped)
    # on time 5/5 → 100; send-backs 0 → 100; complaints 0 → 100; no ratings, no inspection
    # index = (0.25·100 + 0.10·100 + 0.20·100 + 0.10·0) / 0.65 = 55 / 0.65 = 84.615… → 84.6 (B)
    result = compute(Inputs(cases=5, completed=5, on_time=5, tickets=20, tickets_on_time=5), V2)
    assert result.components["waiting"]["score"] == 0.0
    assert result.index == Decimal("84.6") and result.grade == "B"


@pytest.mark.parametrize("cases", [0, 4])
def test_version_2_too_few_cases_in_the_month_is_not_enough_data(cases):
    result = compute(Inputs(cases=cases, completed=cases, on_time=cases, tickets=50, tickets_on_time=50), V2)
    assert result.index is None and result.reason == "not_enough_data"
