"""The live wait estimate of a line (pure arithmetic; selectors feed it the numbers).

For a ticket with `ahead` tickets before it in its line:

    wait = ahead × mean service time ÷ serving counters

- mean service time: the average called→finished time of the line's last ESTIMATE_SAMPLE served
  tickets (the last two weeks), or DEFAULT_SERVICE_MINUTES before there are any;
- serving counters: the counters with a clerk signed on that serve the line, each counted as
  1 ÷ (number of lines it serves), since a counter shared by two lines gives each about half its time.

With no counter open the estimate is unknown (None), shown as "counters not open yet". The estimate
shown when a ticket is issued is stored on it, so the simulated day can report the error of exactly
what citizens were told.
"""

from math import ceil


def wait_minutes(*, ahead: int, mean_service_minutes: float, serving_counters: float) -> int | None:
    if serving_counters <= 0:
        return None
    if ahead <= 0:
        return 0
    return ceil(ahead * mean_service_minutes / serving_counters)
