from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sanad.cases.calendar import (
    DAY_END,
    DAY_START,
    MUSCAT,
    add_working_hours,
    is_working_day,
    working_hours_between,
)

HOLIDAYS = {date(2026, 11, 18), date(2026, 11, 19), date(2026, 12, 31)}
starts = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
hours = st.integers(min_value=1, max_value=400)


@given(starts, hours)
def test_due_dates_never_land_on_a_friday_saturday_or_holiday(start, n):
    due = add_working_hours(start, n, HOLIDAYS).astimezone(MUSCAT)
    assert due.weekday() not in (4, 5)
    assert due.date() not in HOLIDAYS
    assert DAY_START <= due.time() <= DAY_END


@given(starts, hours, hours)
def test_adding_working_hours_is_monotonic(start, a, b):
    lo, hi = sorted((a, b))
    assert add_working_hours(start, lo, HOLIDAYS) <= add_working_hours(start, hi, HOLIDAYS)


@given(starts, hours)
def test_the_working_hours_between_start_and_due_are_exactly_the_sla(start, n):
    due = add_working_hours(start, n, HOLIDAYS)
    assert abs(working_hours_between(start, due, HOLIDAYS) - n) < 1e-6


def test_a_thursday_afternoon_request_is_due_on_sunday():
    thursday = datetime(2026, 11, 26, 13, 30, tzinfo=MUSCAT)  # one working hour left that day
    due = add_working_hours(thursday, 3, set())
    assert due.astimezone(MUSCAT) == datetime(2026, 11, 29, 9, 30, tzinfo=MUSCAT)


def test_holidays_are_skipped():
    tuesday = datetime(2026, 11, 17, 14, 0, tzinfo=MUSCAT)
    due = add_working_hours(tuesday, 1, HOLIDAYS)  # 18 and 19 Nov are holidays, then the weekend
    assert due.astimezone(MUSCAT) == datetime(2026, 11, 22, 8, 0, tzinfo=MUSCAT)


def test_the_week_is_sunday_to_thursday():
    sunday = date(2026, 11, 29)
    assert [is_working_day(sunday + timedelta(days=i)) for i in range(7)] == [True] * 5 + [False] * 2
