"""The working calendar for SLAs: Sunday–Thursday, 07:30–14:30 Asia/Muscat (government working
hours), minus public holidays. Times in and out are aware datetimes (stored in UTC)."""

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MUSCAT = ZoneInfo("Asia/Muscat")
DAY_START = time(7, 30)
DAY_END = time(14, 30)
WORKING_WEEKDAYS = {6, 0, 1, 2, 3}  # Python: Monday=0 … Sunday=6 → Sunday–Thursday
HOURS_PER_DAY = 7


def is_working_day(day: date, holidays: Iterable[date] | Callable[[date], bool] = ()) -> bool:
    if day.weekday() not in WORKING_WEEKDAYS:
        return False
    if callable(holidays):
        return not holidays(day)
    return day not in holidays


def add_working_hours(start: datetime, hours: int, holidays: Iterable[date] | Callable = ()) -> datetime:
    """The moment `hours` working hours after `start`. With hours > 0 the result always falls inside
    working time (never on a Friday, Saturday or holiday)."""
    if hours < 0:
        raise ValueError("hours must not be negative")
    if not callable(holidays):
        holidays = frozenset(holidays)
    local = start.astimezone(MUSCAT)
    remaining = timedelta(hours=hours)
    day = local.date()
    cursor = local
    for _ in range(3660):  # ten years of days is far beyond any SLA
        if is_working_day(day, holidays):
            window_start = datetime.combine(day, DAY_START, MUSCAT)
            window_end = datetime.combine(day, DAY_END, MUSCAT)
            begin = max(cursor, window_start)
            if begin < window_end:
                available = window_end - begin
                if remaining <= available:
                    if remaining == timedelta(0):
                        return begin.astimezone(start.tzinfo)
                    return (begin + remaining).astimezone(start.tzinfo)
                remaining -= available
        day += timedelta(days=1)
        cursor = datetime.combine(day, time(0), MUSCAT)
    raise ValueError("SLA beyond the calendar horizon")


def working_hours_between(start: datetime, end: datetime, holidays: Iterable[date] | Callable = ()) -> float:
    """Working hours elapsed from start to end (0 if end is before start)."""
    if end <= start:
        return 0.0
    if not callable(holidays):
        holidays = frozenset(holidays)
    a, b = start.astimezone(MUSCAT), end.astimezone(MUSCAT)
    total = timedelta(0)
    day = a.date()
    while day <= b.date():
        if is_working_day(day, holidays):
            lo = max(a, datetime.combine(day, DAY_START, MUSCAT))
            hi = min(b, datetime.combine(day, DAY_END, MUSCAT))
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return total.total_seconds() / 3600
