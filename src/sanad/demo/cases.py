"""A year of case history: realistic mixes of services, centres, channels, states, send-backs and
timings, written straight to the database driver (demo/bulk.py: COPY on PostgreSQL, executemany on
SQLite), so a million cases take minutes, not hours.

Idempotent: it tops the history up to the asked number of cases and never duplicates."""

from contextlib import contextmanager
from datetime import timedelta
from functools import cache
from random import Random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from sanad.accounts.constants import DEMO_PASSWORD, Gender, IdKind, Role
from sanad.accounts.models import CitizenProfile, User
from sanad.cases import calendar
from sanad.cases.constants import Action, CaseState, Channel
from sanad.cases.models import Case, CaseEvent
from sanad.cases.reference import new_reference
from sanad.core.money import vat_on

from .bulk import audit_bulk_load, fast_insert, fast_insert_values
from .centres import Names
from .registry import step

DEFAULT_CASES = 12_000
EVENT_FIELDS = ["case_id", "action", "from_state", "to_state", "actor_id", "note", "created_at"]
MUSCAT = ZoneInfo(settings.TIME_ZONE)  # localtime() through Django's per-request machinery is slow here
BATCH = 5_000
S, A = CaseState, Action


def _target(options) -> int:
    return options.get("cases") if options.get("cases") is not None else DEFAULT_CASES


@contextmanager
def _keep_given_timestamps():
    """bulk_create would overwrite auto_now(_add) fields with 'now'; history has its own times."""
    fields = [
        Case._meta.get_field("created_at"),
        Case._meta.get_field("updated_at"),
        CaseEvent._meta.get_field("created_at"),
    ]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


# Paths a case takes (after opening), with how often. Each entry: list of (action, target).
PATHS = [
    (70, [(A.START, S.IN_PROGRESS), (A.SUBMIT_TO_INSTITUTION, S.SUBMITTED_TO_INSTITUTION), (A.COMPLETE, S.COMPLETED), (A.CLOSE, S.CLOSED)]),
    (10, [(A.START, S.IN_PROGRESS), (A.SEND_BACK, S.AWAITING_CITIZEN), (A.RESPOND, S.IN_PROGRESS),
          (A.SUBMIT_TO_INSTITUTION, S.SUBMITTED_TO_INSTITUTION), (A.COMPLETE, S.COMPLETED), (A.CLOSE, S.CLOSED)]),
    (4, [(A.START, S.IN_PROGRESS), (A.SUBMIT_TO_INSTITUTION, S.SUBMITTED_TO_INSTITUTION), (A.REJECT, S.REJECTED), (A.CLOSE, S.CLOSED)]),
    (3, [(A.START, S.IN_PROGRESS), (A.SEND_BACK, S.AWAITING_CITIZEN), (A.EXPIRE, S.CANCELLED)]),
    (3, [(A.CANCEL, S.CANCELLED)]),
    (10, [(A.START, S.IN_PROGRESS), (A.SUBMIT_TO_INSTITUTION, S.SUBMITTED_TO_INSTITUTION), (A.COMPLETE, S.COMPLETED)]),
]  # fmt: skip
NOTES = {
    A.SEND_BACK: "يرجى إرفاق صورة واضحة من المستند المطلوب",
    A.REJECT: "رفضت الجهة الطلب لعدم استيفاء الشروط",
    A.CANCEL: "ألغى المواطن الطلب",
    A.COMPLETE: "تم الإنجاز وتسليم المستند",
}


def _pick_path(rng: Random, age_days: float):
    if age_days < 2:  # recent cases are still moving
        full = rng.choices(PATHS, weights=[w for w, _ in PATHS])[0][1]
        return full[: rng.randint(0, len(full) - 1)]
    return rng.choices(PATHS, weights=[w for w, _ in PATHS])[0][1]


def _citizens(rng: Random, count: int, password: str) -> list[int]:
    start = (
        CitizenProfile.objects.filter(id_number__startswith="3").aggregate(m=Max("id_number"))["m"]
        or "30000000"
    )
    first = int(start) + 1
    names = Names(rng)
    users, genders = [], []
    for i in range(count):
        gender = Gender.FEMALE if rng.random() < 0.5 else Gender.MALE
        name_ar, name_en = names.person(gender)
        genders.append(gender)
        users.append(
            User(
                username=f"c{first + i}",
                role=Role.CITIZEN,
                full_name_ar=name_ar,
                full_name_en=name_en,
                mobile=f"+9689{rng.randint(1000000, 9999999)}",
                preferred_language="ar" if rng.random() < 0.85 else "en",
                password=password,
                is_demo=True,
            )
        )
    fast_insert(User, users)
    created = {user.username: user.pk for user in users}
    kinds = [IdKind.CIVIL if rng.random() < 0.8 else IdKind.RESIDENT for _ in range(count)]
    fast_insert(
        CitizenProfile,
        [
            CitizenProfile(
                user_id=created[f"c{first + i}"],
                id_kind=kinds[i],
                id_number=str(first + i),
                gender=genders[i],
                is_omani=kinds[i] == IdKind.CIVIL,
            )
            for i in range(count)
        ],
    )
    return list(created.values())


@step("cases", weight=lambda options: max(_target(options) // 1000, 1))
def seed_cases(options, progress) -> str:
    from sanad.centres.models import CentreService, StaffMembership
    from sanad.centres.selectors import centres_public, is_public_holiday

    target = _target(options)
    existing = Case.objects.count()
    units = max(target // 1000, 1)
    if existing >= target:
        progress(units)
        return f"{existing} cases already there"
    rng = Random(options["seed"] + existing)
    centres = list(centres_public().values_list("pk", flat=True))
    prices = {}
    for centre_id, service_id, fee in CentreService.objects.filter(centre_id__in=centres).values_list(
        "centre_id", "service_id", "centre_fee"
    ):
        prices.setdefault(centre_id, []).append((service_id, fee))
    staff = {}
    for centre_id, user_id in StaffMembership.objects.filter(ended_on__isnull=True).values_list(
        "centre_id", "user_id"
    ):
        staff.setdefault(centre_id, []).append(user_id)
    from sanad.catalogue.models import Service

    versions = {
        s.pk: s.current_version
        for s in Service.objects.filter(current_version__status="published").select_related("current_version")
    }
    centres = [c for c in centres if prices.get(c) and staff.get(c)]
    if not centres:
        progress(units)
        return "no centres with staff and prices: run the centres step first"
    demo_citizen = User.objects.filter(username="demo-citizen").values_list("pk", flat=True).first()
    demo_clerk = User.objects.filter(username="demo-clerk").first()
    demo_centre = StaffMembership.objects.filter(user=demo_clerk).values_list("centre_id", flat=True).first()
    if connection.vendor == "postgresql":
        return _seed_cases_sql(
            target=target,
            existing=existing,
            options=options,
            progress=progress,
            units=units,
            lookups={
                "centre_list": centres,
                "centres": len(centres),
                "prices": {
                    c: [
                        (
                            service_id,
                            versions[service_id].pk,
                            min(fee, versions[service_id].centre_fee_cap),
                            vat_on(min(fee, versions[service_id].centre_fee_cap)),
                            versions[service_id].government_fee_min,
                            max(
                                versions[service_id].government_fee_max,
                                versions[service_id].government_fee_min,
                            ),
                            versions[service_id].sla_hours,
                        )
                        for service_id, fee in prices[c]
                        if service_id in versions
                    ]
                    for c in centres
                },
                "staff": staff,
                "demo_citizen": demo_citizen,
                "demo_clerk": demo_clerk.pk if demo_clerk else None,
                "demo_centre": demo_centre,
                "existing": existing,
                "paths": PATHS,
                "notes": {a.value: n for a, n in NOTES.items()},
                "holiday": cache(is_public_holiday),
            },
        )
    citizens = _citizens(rng, max((target - existing) // 3, 50), make_password(DEMO_PASSWORD))

    now = timezone.now()
    holiday = cache(is_public_holiday)  # a year of history asks about the same days many times

    todo = target - existing
    done = 0
    reported = 0

    # Opening times first, oldest first. More cases
    # recently (the network grows), a steady trickle in the last days, none in the future.
    def age(i: int) -> float:
        if i % 20 == 0:
            return rng.random() * 3
        days = rng.expovariate(1 / 120)
        return days if days < 364 else rng.uniform(0, 364)

    ages = sorted((age(i) for i in range(todo)), reverse=True)
    with _keep_given_timestamps():
        while done < todo:
            size = min(BATCH, todo - done)
            plans = []
            for n, age_days in enumerate(ages[done : done + size], start=done):
                opened = now - timedelta(days=age_days)
                centre_id = demo_centre if (demo_centre and rng.random() < 0.02) else rng.choice(centres)
                if centre_id not in prices:
                    centre_id = rng.choice(centres)
                service_id, centre_fee = rng.choice(prices[centre_id])
                version = versions.get(service_id)
                if version is None:
                    continue
                government_fee = (
                    rng.randrange(version.government_fee_min, version.government_fee_max + 1, 500)
                    if version.government_fee_max > version.government_fee_min
                    else version.government_fee_min
                )
                centre_fee = min(centre_fee, version.centre_fee_cap)
                vat = vat_on(centre_fee)
                channel = Channel.WALK_IN if rng.random() < 0.8 else Channel.ONLINE
                citizen_id = (
                    demo_citizen
                    if (demo_citizen and n % 2000 in (150, 350, 550, 750))
                    else rng.choice(citizens)
                )
                clerk_id = (
                    demo_clerk.pk
                    if (centre_id == demo_centre and demo_clerk and rng.random() < 0.5)
                    else rng.choice(staff[centre_id])
                )
                path = _pick_path(rng, age_days)
                plans.append(
                    (
                        opened,
                        centre_id,
                        service_id,
                        version,
                        government_fee,
                        centre_fee,
                        vat,
                        channel,
                        citizen_id,
                        clerk_id,
                        path,
                    )
                )
            cases, events_for = [], []
            for (
                opened,
                centre_id,
                service_id,
                version,
                gov,
                fee,
                vat,
                channel,
                citizen_id,
                clerk_id,
                path,
            ) in plans:
                year = opened.astimezone(MUSCAT).year
                start_state = S.ACCEPTED if channel == Channel.WALK_IN else S.SUBMITTED
                moments, t = [], opened
                steps = ([(A.ACCEPT, S.ACCEPTED)] if channel == Channel.ONLINE and path else []) + list(path)
                for action, _target_state in steps:
                    t = t + timedelta(minutes=rng.randint(5, 60 * 24 * (7 if action == A.RESPOND else 2)))
                    t = min(t, now)
                    moments.append(t)
                state = steps[-1][1] if steps else start_state
                finished = state in (S.CLOSED, S.CANCELLED)
                deadline = (moments[-1] + timedelta(days=30)) if state == S.AWAITING_CITIZEN else None
                case = Case(
                    reference=new_reference(year, rng),
                    citizen_id=citizen_id,
                    centre_id=centre_id,
                    clerk_id=clerk_id,
                    channel=channel,
                    service_id=service_id,
                    service_version_id=version.pk,
                    state=state,
                    form_data={},
                    government_fee=gov,
                    centre_fee=fee,
                    vat=vat,
                    total=gov + fee + vat,
                    sla_due_at=calendar.add_working_hours(opened, version.sla_hours, holiday),
                    citizen_deadline=deadline,
                    institution_reference=f"{rng.randint(100000, 999999)}"
                    if any(a == A.SUBMIT_TO_INSTITUTION for a, _ in steps)
                    else "",
                    decision_note=NOTES.get(A.REJECT)
                    if state == S.REJECTED or any(a == A.REJECT for a, _ in steps)
                    else "",
                    opened_by_id=clerk_id if channel == Channel.WALK_IN else citizen_id,
                    version=1 + len(steps),
                    created_at=opened,
                    updated_at=moments[-1] if moments else opened,
                    closed_at=moments[-1] if finished else None,
                )
                cases.append(case)
                events_for.append((start_state, opened, steps, moments, clerk_id, citizen_id))
            _unique_references(cases, rng)
            with transaction.atomic():
                fast_insert(Case, cases)
                events = []
                for case, (start_state, opened, steps, moments, clerk_id, citizen_id) in zip(
                    cases, events_for, strict=True
                ):
                    opener = clerk_id if case.channel == Channel.WALK_IN else citizen_id
                    events.append((case.pk, A.OPEN, "", start_state, opener, "", opened))
                    previous = start_state
                    for (action, target_state), moment in zip(steps, moments, strict=True):
                        actor = (
                            None if action == A.EXPIRE else citizen_id if action == A.RESPOND else clerk_id
                        )
                        events.append(
                            (case.pk, action, previous, target_state, actor, NOTES.get(action, ""), moment)
                        )
                        previous = target_state
                fast_insert_values(CaseEvent, EVENT_FIELDS, events)
                audit_bulk_load(
                    label="cases.case", counts={"cases.case": len(cases), "cases.caseevent": len(events)}
                )
            done += size
            now_units = done * units // todo
            progress(now_units - reported)
            reported = now_units
    return f"{todo} cases added ({target} in all), {len(citizens)} demo citizens"


def _unique_references(cases: list, rng) -> None:
    """References are random (as the opener draws them): draw again for any that repeats one in the
    batch or one already in the database, until the batch is clean."""
    while True:
        seen, clash = set(), []
        for case in cases:
            if case.reference in seen:
                clash.append(case)
            seen.add(case.reference)
        taken = set(Case.objects.filter(reference__in=seen).values_list("reference", flat=True))
        clash += [case for case in cases if case.reference in taken]
        if not clash:
            return
        for case in clash:
            case.reference = new_reference(int(case.reference[4:8]), rng)


def _seed_cases_sql(*, target, existing, options, progress, units, lookups) -> str:
    """PostgreSQL: the same history generated by the database (demo/pgseed.py)."""
    from . import pgseed

    lookups["prices"] = {c: rows for c, rows in lookups["prices"].items() if rows}
    lookups["centre_list"] = [c for c in lookups["centre_list"] if c in lookups["prices"]]
    lookups["centres"] = len(lookups["centre_list"])
    if lookups["demo_centre"] not in lookups["prices"]:
        lookups["demo_centre"] = None
    todo = target - existing
    reported = 0

    def advance(fraction: float) -> None:
        nonlocal reported
        now_units = int(units * fraction)
        progress(now_units - reported)
        reported = now_units

    start = (
        CitizenProfile.objects.filter(id_number__startswith="3").aggregate(m=Max("id_number"))["m"]
        or "30000000"
    )
    count = max(todo // 3, 50)
    with transaction.atomic():
        first_user, _n = pgseed.citizens(
            count=count, first_number=int(start) + 1, password=make_password(DEMO_PASSWORD)
        )
        lookups["citizen0"], lookups["citizens"] = first_user, count
        advance(0.01)
        _cases, events = pgseed.cases(
            todo=todo, seed=options["seed"] + existing, lookups=lookups, progress=advance
        )
        audit_bulk_load(
            label="cases.case",
            counts={
                "accounts.user": count,
                "accounts.citizenprofile": count,
                "cases.case": todo,
                "cases.caseevent": events,
            },
        )
    advance(1)
    return f"{todo} cases added ({target} in all), {count} demo citizens"
