"""Opening hours: parsing, validation and 'is it open at this moment' (pure functions).

Hours are minutes from midnight, Asia/Muscat. A period closes after it opens; 24:00 (1440) closes at
midnight, so hours past midnight are two periods (20:00–24:00, then 00:00–01:00 the next day).
A date's hours come from, in order: an exception covering the date (Ramadan, a closure, a holiday
the centre opens on), else closed on a public holiday, else the weekly hours of that weekday.
"""

import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .constants import MINUTES_PER_DAY

_HHMM = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class HoursError(ValueError):
    pass


def parse_hhmm(text: str) -> int:
    """'07:30' -> 450; '24:00' -> 1440 (midnight, as a closing time)."""
    from sanad.accounts.identity import to_ascii_digits

    match = _HHMM.match(to_ascii_digits(str(text or "")))
    if not match:
        raise HoursError(_("Enter a time as HH:MM, for example 07:30."))
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise HoursError(_("Enter a time between 00:00 and 24:00."))
    return hours * 60 + minutes


def format_minutes(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def period_problems(periods: list[tuple[int, int]]) -> list[str]:
    """What is wrong with a day's periods: one that ends before it starts, or two that overlap."""
    problems = []
    for opens, closes in periods:
        if not (0 <= opens < MINUTES_PER_DAY and 0 < closes <= MINUTES_PER_DAY):
            problems.append(_("Enter a time between 00:00 and 24:00."))
        elif closes <= opens:
            problems.append(
                _(
                    "The period %(opens)s–%(closes)s ends before it starts. For hours past midnight, "
                    "close at 24:00 and add the rest to the next day."
                )
                % {"opens": format_minutes(opens), "closes": format_minutes(closes)}
            )
    ordered = sorted(p for p in periods if p[0] < p[1])
    for (a_open, a_close), (b_open, b_close) in itertools.pairwise(ordered):
        if b_open < a_close:
            problems.append(
                _("The periods %(first)s and %(second)s overlap.")
                % {
                    "first": f"{format_minutes(a_open)}–{format_minutes(a_close)}",
                    "second": f"{format_minutes(b_open)}–{format_minutes(b_close)}",
                }
            )
    return problems


@dataclass(frozen=True)
class DayHours:
    periods: tuple[tuple[int, int], ...]  # empty: closed
    reason: str = ""  # exception or holiday name, when not the weekly hours

    @property
    def is_closed(self) -> bool:
        return not self.periods


def hours_on(
    day: date,
    *,
    weekly: dict[int, list[tuple[int, int]]],
    exceptions: list,
    holiday_name: str | None,
) -> DayHours:
    """The hours of one date. `exceptions` have starts_on, ends_on, is_closed, periods and name."""
    covering = [e for e in exceptions if e.starts_on <= day <= e.ends_on]
    if covering:
        # The narrowest exception wins (a one-day closure inside Ramadan hours).
        exception = min(covering, key=lambda e: (e.ends_on - e.starts_on, -e.starts_on.toordinal()))
        periods = () if exception.is_closed else tuple(tuple(p) for p in exception.periods)
        return DayHours(tuple(sorted(periods)), exception.name)
    if holiday_name:
        return DayHours((), holiday_name)
    return DayHours(tuple(sorted(tuple(p) for p in weekly.get(day.weekday(), []))))


def is_open_at(moment: datetime, **schedule) -> bool:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    minute = local.hour * 60 + local.minute
    day = hours_on(local.date(), **schedule)
    return any(opens <= minute < closes for opens, closes in day.periods)
