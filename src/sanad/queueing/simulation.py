"""A simulated national working day driven through the real queue, appointment and dispatch services.

Each centre is simulated in turn as a discrete-event loop on a clock that is passed to the services
(`now=`), so what runs is exactly the production code: ticket numbers, call order, no-shows, the
estimate shown on each ticket, check-in windows and claims. Everything happens inside one
transaction that is rolled back at the end unless asked to keep it (no SMS leaves: the outbox only
sends after commit).

The day's demand (the figures it is built from, documented in docs/PERFORMANCE.md):
- visits: 81,000 transactions a month over 21 working days, × 1.5 visits per transaction (a second
  visit to collect, sign or complete), spread over centres by the population of their wilayat;
- the arrival curve of a real day: a morning peak at 09:00–11:00, a quieter early afternoon and a
  smaller evening wave for centres that open in the evening;
- 15% of visits come with an appointment (8% of those never come, a third of the rest arrive up to
  10 minutes early, a few too late), 10% of transactions are online requests to "any centre near
  me", 12% of walk-ins have a priority reason, 3% of called walk-ins do not come;
- service times: log-normal, 6 minutes on average for police services, 8 for the rest.
Counters open for the centre's hours that day, staffed by the centre's own staff (a counter without
someone to sit at it stays closed).
"""

import heapq
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from sanad.core.errors import DomainError

MONTHLY_TRANSACTIONS = 81_000
WORKING_DAYS_PER_MONTH = 21
VISITS_PER_TRANSACTION = 1.5
APPOINTMENT_SHARE = 0.15
APPOINTMENT_NO_SHOW = 0.08
ONLINE_SHARE = 0.10
PRIORITY_SHARE = 0.12
WALK_IN_NO_SHOW = 0.03
MEAN_SERVICE_MINUTES = {"ROP-": 6.0}
DEFAULT_MEAN_SERVICE = 8.0
SERVICE_SIGMA = 0.45
# Relative arrival intensity by local hour.
HOURLY = {
    7: 0.7,
    8: 1.3,
    9: 1.7,
    10: 1.6,
    11: 1.3,
    12: 1.0,
    13: 0.8,
    14: 0.5,
    15: 0.4,
    16: 0.6,
    17: 0.8,
    18: 0.8,
    19: 0.6,
    20: 0.4,
    21: 0.3,
}
DL_FORM = {
    "civil_number": "12345678",
    "licence_number": "123456",
    "licence_class": "light",
    "renewal_years": "10",
    "blood_group": "o_pos",
    "mobile_number": "91234567",
}


@dataclass
class Results:
    centres: int = 0
    counters_open: int = 0
    tickets: int = 0
    served: int = 0
    waits: list = field(default_factory=list)  # minutes, served walk-ins and appointments
    appointment_waits: list = field(default_factory=list)
    estimate_errors: list = field(default_factory=list)  # shown estimate − actual wait, minutes
    busy_minutes: float = 0.0
    open_counter_minutes: float = 0.0
    appointments_booked: int = 0
    appointments_checked_in: int = 0
    appointments_late: int = 0
    online_requests: int = 0
    online_claimed: int = 0
    refused: dict = field(default_factory=lambda: defaultdict(int))

    def summary(self) -> dict:
        waits = sorted(self.waits)
        errors = self.estimate_errors

        def pct(values, q):
            if not values:
                return 0.0
            return values[min(len(values) - 1, math.ceil(q * len(values)) - 1)]

        return {
            "centres": self.centres,
            "counters_open": self.counters_open,
            "tickets": self.tickets,
            "served": self.served,
            "mean_wait_minutes": round(sum(waits) / len(waits), 2) if waits else 0.0,
            "p95_wait_minutes": round(pct(waits, 0.95), 2),
            "served_within_15_minutes": round(sum(1 for w in waits if w <= 15) / len(waits), 4)
            if waits
            else 0.0,
            "appointment_mean_wait_minutes": round(
                sum(self.appointment_waits) / len(self.appointment_waits), 2
            )
            if self.appointment_waits
            else 0.0,
            "utilisation": round(self.busy_minutes / self.open_counter_minutes, 4)
            if self.open_counter_minutes
            else 0.0,
            "estimate_mean_absolute_error_minutes": round(sum(abs(e) for e in errors) / len(errors), 2)
            if errors
            else 0.0,
            "estimate_mean_error_minutes": round(sum(errors) / len(errors), 2) if errors else 0.0,
            "estimate_p90_absolute_error_minutes": round(pct(sorted(abs(e) for e in errors), 0.90), 2),
            "appointments_booked": self.appointments_booked,
            "appointments_checked_in": self.appointments_checked_in,
            "appointments_late": self.appointments_late,
            "online_requests": self.online_requests,
            "online_claimed": self.online_claimed,
            "refused": dict(self.refused),
        }


def next_working_day(after: date) -> date:
    from sanad.centres.selectors import is_working_day

    day = after + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _local(day: date, minute: float) -> datetime:
    base = datetime.combine(day, time(0), tzinfo=timezone.get_current_timezone())
    return base + timedelta(minutes=minute)


def _service_minutes(rng: random.Random, code: str) -> float:
    mean = next(
        (m for prefix, m in MEAN_SERVICE_MINUTES.items() if code.startswith(prefix)), DEFAULT_MEAN_SERVICE
    )
    mu = math.log(mean) - SERVICE_SIGMA**2 / 2
    return max(1.0, rng.lognormvariate(mu, SERVICE_SIGMA))


def _arrival_minutes(rng: random.Random, periods, count: int) -> list[float]:
    """`count` arrival minutes within the open periods, following HOURLY."""
    slots = []
    for opens, closes in periods:
        for start in range(opens, closes - 10, 5):  # nobody arrives in the last 10 minutes
            slots.append((start, HOURLY.get(start // 60, 0.3)))
    if not slots:
        return []
    total = sum(w for _, w in slots)
    picks = rng.choices([s for s, _ in slots], weights=[w / total for _, w in slots], k=count)
    return sorted(p + rng.random() * 5 for p in picks)


def _citizens(count: int, stamp: str):
    """Synthetic citizens for appointments and online requests (rolled back with the day)."""
    from sanad.accounts.constants import Role
    from sanad.accounts.models import User

    users = [
        User(username=f"sim-{stamp}-{i}", role=Role.CITIZEN, full_name_ar="مواطن", preferred_language="ar")
        for i in range(count)
    ]
    return User.objects.bulk_create(users, batch_size=1000)


def _visits_per_centre(centres) -> dict[int, float]:
    """Expected visits per centre: the national daily visits, shared by wilayat population."""
    daily = MONTHLY_TRANSACTIONS / WORKING_DAYS_PER_MONTH * VISITS_PER_TRANSACTION
    by_wilayat = defaultdict(list)
    for centre in centres:
        by_wilayat[centre.wilayat_id].append(centre)
    population = {c.wilayat_id: (c.wilayat.population or 10_000) for c in centres}
    total = sum(population[w] for w in by_wilayat)
    expected = {}
    for wilayat_id, items in by_wilayat.items():
        share = daily * population[wilayat_id] / total
        for centre in items:
            expected[centre.pk] = share / len(items)
    return expected


def simulate_day(
    *,
    day: date | None = None,
    centres=None,
    sample: int = 1,
    seed: int = 1,
    scale: float = 1.0,
    keep: bool = False,
    progress=None,
) -> dict:
    """`sample` = k simulates every k-th centre (by id, which follows the governorates) with its own
    demand: waits are a per-centre matter, so the figures stand for the network at 1/k of the time."""
    from sanad.centres import selectors as centre_selectors

    day = day or next_working_day(timezone.localdate())
    qs = centre_selectors.centres_public(day).select_related("wilayat")
    all_centres = list(qs)
    expected = _visits_per_centre(all_centres)  # shares from the whole network, even when limited
    if sample > 1:
        all_centres = all_centres[::sample]
    if centres is not None:
        all_centres = all_centres[:centres]
    results = Results()
    rng = random.Random(seed)
    with transaction.atomic():
        pool = iter(
            _citizens(
                int(sum(expected[c.pk] for c in all_centres) * scale * 0.3) + 50, f"{seed}-{day:%Y%m%d}"
            )
        )
        for index, centre in enumerate(all_centres):
            _simulate_centre(
                centre, day=day, rng=rng, visits=expected[centre.pk] * scale, pool=pool, results=results
            )
            if progress:
                progress(index + 1, len(all_centres))
        if not keep:
            transaction.set_rollback(True)
    return results.summary()


def _simulate_centre(centre, *, day, rng, visits, pool, results: Results) -> None:
    from sanad.catalogue.models import Service
    from sanad.centres import selectors as centre_selectors
    from sanad.centres.selectors import centre_staff

    from . import appointments, dispatch, services
    from .models import Counter

    hours = centre_selectors.centre_hours_on(centre, day)
    if hours.is_closed:
        return
    counters = list(Counter.objects.filter(centre=centre).order_by("name"))
    staff = [m.user for m in centre_staff(centre, day)]
    if not counters or not staff:
        return
    results.centres += 1
    offered = list(
        Service.objects.filter(centre_prices__centre=centre, current_version__status="published")
        .exclude(current_version__channels=[])
        .values_list("pk", "code")
    )
    walk_in_codes = [code for _pk, code in offered]
    if not walk_in_codes:
        return
    services_by_code = {s.code: s for s in Service.objects.filter(code__in=walk_in_codes)}
    opens = min(o for o, _c in hours.periods)
    closes = max(c for _o, c in hours.periods)
    open_counters = []
    for counter, clerk in zip(counters, staff, strict=False):
        services.counter_sign_on(counter_id=counter.pk, actor=clerk, now=_local(day, opens))
        open_counters.append((counter, clerk))
    results.counters_open += len(open_counters)
    open_minutes = sum(c - o for o, c in hours.periods)
    results.open_counter_minutes += open_minutes * len(open_counters)

    count = _poisson(rng, visits)
    arrivals = _arrival_minutes(rng, hours.periods, count)
    events: list = []  # (minute, order, kind, payload)
    order = 0

    def push(minute, kind, payload=None):
        nonlocal order
        order += 1
        heapq.heappush(events, (minute, order, kind, payload))

    # Appointments are booked the day before; online requests are sent as they come.
    for minute in arrivals:
        code = rng.choice(walk_in_codes)
        roll = rng.random()
        if roll < APPOINTMENT_SHARE:
            start = _slot_near(minute, hours.periods)
            citizen = next(pool)
            try:
                appointment = appointments.appointment_book(
                    citizen=citizen,
                    centre=centre,
                    service=services_by_code[code],
                    start=_local(day, start),
                    now=_local(day, opens) - timedelta(hours=14),
                )
            except DomainError as exc:
                results.refused[type(exc).__name__ + ":book"] += 1
                push(minute, "walk_in", code)
                continue
            results.appointments_booked += 1
            if rng.random() < APPOINTMENT_NO_SHOW:
                continue
            arrival = start + rng.choice(
                [rng.uniform(-25, -5), rng.uniform(-10, 5), rng.uniform(-5, 8), rng.uniform(12, 25)]
            )
            push(max(arrival, opens), "check_in", (citizen, appointment))
        elif (
            roll < APPOINTMENT_SHARE + ONLINE_SHARE / VISITS_PER_TRANSACTION
            and "ROP-DL-RENEW" in services_by_code
        ):
            push(minute, "online", next(pool))
        else:
            push(minute, "walk_in", code)
    idle = {counter.pk for counter, _clerk in open_counters}
    clerk_of = {counter.pk: clerk for counter, clerk in open_counters}
    busy_since: dict[int, float] = {}
    shown: dict[int, int | None] = {}
    code_of = {s.pk: s.code for s in services_by_code.values()}
    # What the clerk sees on the console: how many wait in each line. A clerk does not press "call
    # next" on an empty queue, so neither does the simulation (each refused call is a dozen queries).
    lines_of: dict[int, set[int]] = defaultdict(set)
    for counter_id, line_id in Counter.lines.through.objects.filter(counter_id__in=idle).values_list(
        "counter_id", "line_id"
    ):
        lines_of[counter_id].add(line_id)
    waiting: dict[int, int] = defaultdict(int)

    def call(counter_id, minute):
        if not any(waiting[line_id] for line_id in lines_of[counter_id]):
            idle.add(counter_id)
            return
        try:
            ticket = services.counter_call_next(
                counter_id=counter_id, actor=clerk_of[counter_id], now=_local(day, minute)
            )
        except DomainError:
            idle.add(counter_id)
            return
        idle.discard(counter_id)
        waiting[ticket.line_id] -= 1
        busy_since[counter_id] = minute
        wait = (ticket.first_called_at - ticket.issued_at).total_seconds() / 60
        if ticket.estimate_minutes is not None:
            results.estimate_errors.append(ticket.estimate_minutes - wait)
        if ticket.klass == 0:
            results.appointment_waits.append(wait)
        if ticket.klass != 0 and rng.random() < WALK_IN_NO_SHOW:
            push(minute + services.no_show_minutes(), "no_show", (counter_id, ticket.pk))
            return
        results.waits.append(wait)
        push(
            minute + _service_minutes(rng, code_of.get(ticket.service_id, "")),
            "done",
            (counter_id, ticket.pk),
        )

    while events:
        minute, _order, kind, payload = heapq.heappop(events)
        now = _local(day, minute)
        if kind in ("walk_in", "check_in"):
            try:
                if kind == "walk_in":
                    priority = (
                        rng.choice(["elderly", "disability", "pregnancy"])
                        if rng.random() < PRIORITY_SHARE
                        else ""
                    )
                    ticket = services.ticket_take(
                        centre=centre, service=services_by_code[payload], priority=priority, now=now
                    )
                else:
                    citizen, _appointment = payload
                    appointment, ticket = appointments.appointment_check_in(
                        centre=centre, citizen=citizen, now=now
                    )
                    results.appointments_checked_in += 1
                    results.appointments_late += appointment.state == "late"
            except DomainError as exc:
                results.refused[type(exc).__name__ + ":" + kind] += 1
                continue
            results.tickets += 1
            shown[ticket.pk] = ticket.estimate_minutes
            waiting[ticket.line_id] += 1
            for counter_id in sorted(idle):  # the first idle counter serving its line takes it
                if minute >= closes:
                    break
                if ticket.line_id not in lines_of[counter_id]:
                    continue
                call(counter_id, minute)
                if counter_id not in idle:
                    break
        elif kind == "online":
            results.online_requests += 1
            try:
                request = dispatch.dispatch_create(
                    citizen=payload,
                    service=services_by_code["ROP-DL-RENEW"],
                    latitude=centre.latitude,
                    longitude=centre.longitude,
                    form_data=dict(DL_FORM),
                    government_fee=20000,
                    now=now,
                )
                first = request.offers.order_by("distance_km").first()
                clerk = next(iter(centre_staff(first.centre, day)), None) if first else None
                if clerk is not None:
                    dispatch.dispatch_claim(request_id=request.pk, actor=clerk.user, now=now)
                    results.online_claimed += 1
            except DomainError as exc:
                results.refused[type(exc).__name__ + ":online"] += 1
        elif kind in ("done", "no_show"):
            counter_id, ticket_id = payload
            services.ticket_act(ticket_id=ticket_id, action=kind, actor=clerk_of[counter_id], now=now)
            results.busy_minutes += minute - busy_since.pop(counter_id, minute)
            results.served += kind == "done"
            call(counter_id, minute)


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _slot_near(minute: float, periods) -> int:
    from .constants import SLOT_MINUTES

    for opens, closes in periods:
        if opens <= minute < closes:
            start = opens + int((minute - opens) // SLOT_MINUTES) * SLOT_MINUTES
            return min(start, closes - SLOT_MINUTES)
    return periods[0][0]
