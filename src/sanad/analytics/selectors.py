"""Reads of the statistics. Every figure about cases comes from the rollups (never a scan of the
cases table); centres and jobs are counted from their own small tables. Tenancy is decided here."""

import calendar
from collections import Counter, defaultdict
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.accounts.constants import Role
from sanad.core.errors import NotFound, PermissionDenied

from .constants import BUCKET_EDGES, COMPLETION_BUCKETS, DECISION_BUCKETS, MEASURES, MONEY
from .filters import StatsFilter
from .models import ClerkDailyStat, DailyStat, MonthlyStat, ServiceMonthStat, WilayatMonthStat

ROW = ("opened", "completed", "rejected", "cancelled", "on_time", "late", *COMPLETION_BUCKETS)
HEADLINE = (*ROW, *MONEY)


# --- tenancy -------------------------------------------------------------------------------------
def is_regulator(user) -> bool:
    return bool(user and user.is_authenticated and user.role in (Role.REGULATOR, Role.ADMIN))


def check_national(user) -> None:
    if not is_regulator(user):
        raise PermissionDenied(_("National statistics are for the regulator."))


def centre_for_stats(user, centre_id) -> object:
    """The centre whose figures the user may read: the regulator any, staff only their own (404)."""
    from sanad.centres.models import Centre
    from sanad.centres.selectors import staff_membership

    centre = Centre.objects.select_related("wilayat__governorate").filter(pk=centre_id).first()
    if centre is not None and is_regulator(user):
        return centre
    membership = staff_membership(user) if user is not None and user.role == Role.CENTRE_STAFF else None
    if centre is None or membership is None or membership.centre_id != centre.pk:
        raise NotFound(_("Centre not found."))
    return centre


def institution_for_stats(user, code: str) -> object:
    """The institution whose figures the user may read: the regulator any, officers their own (404)."""
    from sanad.catalogue.models import Institution
    from sanad.catalogue.selectors import institution_of

    institution = Institution.objects.filter(code=code).first()
    if institution is not None and (is_regulator(user) or institution_of(user) == institution):
        return institution
    raise NotFound(_("Institution not found."))


# --- periods and sums ----------------------------------------------------------------------------
def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_month(day: date) -> date:
    return month_end(day) + timedelta(days=1)


# Whole months are read from the narrowest monthly table that has every dimension asked for: the
# national figures come from a few thousand rows whatever the number of cases.
MONTHLY_TABLES = (
    (WilayatMonthStat, {"month", "wilayat_id", "governorate_id"}),
    (ServiceMonthStat, {"month", "service_id", "institution_id"}),
    (MonthlyStat, {"month", "wilayat_id", "governorate_id", "service_id", "institution_id"}),
)


def _monthly_table(dimensions: set):
    for model, available in MONTHLY_TABLES:
        if dimensions <= available:
            return model
    return None


def _pieces(start: date, end: date, *, monthly=None) -> list[tuple]:
    """The period as rollup pieces: whole months from `monthly` (if given), the ragged ends (if any)
    from the daily table. [(model, date lookup)]"""
    if monthly is None:
        return [(DailyStat, {"day__range": (start, end)})]
    pieces = []
    cursor = start
    if cursor.day != 1:
        stop = min(end, month_end(cursor))
        pieces.append((DailyStat, {"day__range": (cursor, stop)}))
        cursor = stop + timedelta(days=1)
    last_whole = None
    probe = cursor
    while probe <= end and month_end(probe) <= end:
        last_whole = probe
        probe = next_month(probe)
    if last_whole is not None:
        pieces.append((monthly, {"month__range": (cursor, last_whole)}))
        cursor = next_month(last_whole)
    if cursor <= end:
        pieces.append((DailyStat, {"day__range": (cursor, end)}))
    return pieces


def sums(
    start: date,
    end: date,
    *,
    where: dict | None = None,
    by: tuple[str, ...] = (),
    measures=MEASURES,
    daily_only: bool = False,
) -> dict:
    """{group key tuple: Counter of measures} over the period. `by` may name "month" (any table)."""
    where = where or {}
    result: dict = defaultdict(Counter)
    aggregates = {m: Sum(m) for m in measures}
    monthly = None if daily_only else _monthly_table({"month", *by, *where})
    for model, dates in _pieces(start, end, monthly=monthly):
        if "month" not in by or model is not DailyStat:
            for key, row in _raw_sums(model, dates, where, by, measures):
                result[key].update({m: v for m, v in zip(measures, row, strict=True) if v})
            continue
        qs = model.objects.filter(**dates, **where).order_by()
        if "month" in by and model is DailyStat:
            qs = qs.annotate(month_of=TruncMonth("day"))
        names = ["month_of" if (b == "month" and model is DailyStat) else b for b in by]
        for row in qs.values(*names).annotate(**aggregates) if names else [qs.aggregate(**aggregates)]:
            key = tuple(row[n] for n in names)
            result[key].update({m: row[m] for m in measures if row[m]})
    return dict(result)


def _raw_sums(model, dates: dict, where: dict, by: tuple[str, ...], measures):
    """One GROUP BY in plain SQL (the ORM spends longer building thirty SUM() expressions than the
    database spends on the few thousand rows they read). Column names come from the model."""
    from django.db import connection

    quote = connection.ops.quote_name
    ((lookup, (low, high)),) = dates.items()
    conditions, params = [f"{quote(lookup.split('__')[0])} BETWEEN %s AND %s"], [low, high]
    for name, value in where.items():
        conditions.append(f"{quote(model._meta.get_field(name.removesuffix('_id')).column)} = %s")
        params.append(value)
    groups = [quote(model._meta.get_field(b.removesuffix("_id")).column) for b in by]
    columns = [*groups, *(f"SUM({quote(m)})" for m in measures)]
    sql = f"SELECT {', '.join(columns)} FROM {quote(model._meta.db_table)} WHERE {' AND '.join(conditions)}"  # noqa: S608
    if groups:
        sql += f" GROUP BY {', '.join(groups)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    dated = {i for i, b in enumerate(by) if b in ("month", "day")}
    for row in rows:
        key = tuple(_as_date(v) if i in dated else v for i, v in enumerate(row[: len(by)]))
        yield key, [int(v or 0) for v in row[len(by) :]]  # PostgreSQL sums bigints as numeric


def _as_date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def total(groups: dict) -> Counter:
    out = Counter()
    for counter in groups.values():
        out.update(counter)
    return out


def quantile_hours(counter, buckets=COMPLETION_BUCKETS, q: float = 0.5) -> float | None:
    """The q-quantile of times kept as a histogram, interpolated inside its bucket (hours)."""
    counts = [counter.get(b, 0) for b in buckets]
    n = sum(counts)
    if n == 0:
        return None
    target = q * n
    seen = 0
    for index, count in enumerate(counts):
        if count and seen + count >= target:
            low = BUCKET_EDGES[index - 1] if index else 0
            if index == len(BUCKET_EDGES):
                return float(low)
            high = BUCKET_EDGES[index]
            return round(low + (high - low) * (target - seen) / count, 1)
        seen += count
    return float(BUCKET_EDGES[-1])


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def fees_of(counter) -> dict:
    """Money kept: collected minus refunded, per component (baisa)."""
    return {
        "centre": counter.get("paid_centre_fee", 0) - counter.get("refunded_centre_fee", 0),
        "government": counter.get("paid_government_fee", 0) - counter.get("refunded_government_fee", 0),
        "vat": counter.get("paid_vat", 0) - counter.get("refunded_vat", 0),
    }


def refunds_of(counter) -> int:
    return sum(counter.get(k, 0) for k in ("refunded_centre_fee", "refunded_government_fee", "refunded_vat"))


def figures(counter) -> dict:
    """The figures every table row shows."""
    on_time, late = counter.get("on_time", 0), counter.get("late", 0)
    return {
        "cases": counter.get("opened", 0),
        "completed": counter.get("completed", 0),
        "rejected": counter.get("rejected", 0),
        "cancelled": counter.get("cancelled", 0),
        "on_time_share": share(on_time, on_time + late),
        "median_completion_hours": quantile_hours(counter),
    }


def months_between(start: date, end: date) -> list[date]:
    months, cursor = [], start.replace(day=1)
    while cursor <= end:
        months.append(cursor)
        cursor = next_month(cursor)
    return months


def service_names() -> dict:
    """{service id: {"code", "name_ar", "name_en", "institution", "institution_id"}} from each
    service's published version (the code where nothing is published)."""
    from sanad.catalogue.models import Service

    rows = Service.objects.order_by().values_list(
        "pk",
        "code",
        "institution_id",
        "institution__code",
        "current_version__name_ar",
        "current_version__name_en",
    )
    return {
        pk: {
            "code": code,
            "name_ar": name_ar or code,
            "name_en": name_en or name_ar or code,
            "institution": institution_code,
            "institution_id": institution_id,
        }
        for pk, code, institution_id, institution_code, name_ar, name_en in rows
    }


# --- centres and jobs (their own small tables) ---------------------------------------------------
def _centres(f: StatsFilter, by: str | None = None) -> dict:
    from sanad.centres.models import Centre
    from sanad.centres.selectors import _operating_q, local_today

    qs = Centre.objects.filter(**f.centre_q()).order_by()
    licensed = Count("id", filter=_operating_q(local_today()))
    if by is None:
        return qs.aggregate(licensed=licensed, total=Count("id"))
    return {row[by]: row for row in qs.values(by).annotate(licensed=licensed, total=Count("id"))}


def _jobs(f: StatsFilter, by: str | None = None) -> dict:
    from sanad.centres.models import StaffMembership
    from sanad.centres.selectors import _active_membership_q, local_today

    qs = StaffMembership.objects.filter(
        _active_membership_q(local_today()), **f.centre_q("centre__")
    ).order_by()
    women = Count("id", filter=Q(gender="female"))
    if by is None:
        return qs.aggregate(jobs=Count("id"), women=women)
    return {row[by]: row for row in qs.values(by).annotate(jobs=Count("id"), women=women)}


def per_thousand(cases: int, population: int | None) -> float | None:
    return round(cases * 1000 / population, 2) if population else None


# --- national ------------------------------------------------------------------------------------
def national_stats(f: StatsFilter, *, today: date | None = None) -> dict:
    """GET /api/v1/stats/national/ and the regulator's dashboard: the same numbers."""
    from sanad.catalogue.models import Institution
    from sanad.geo.models import Governorate, Wilayat

    today = today or timezone.localdate()
    where = f.rollup_q()
    by_wilayat_sums = sums(f.start, f.end, where=where, by=("wilayat_id",), measures=HEADLINE)
    by_service_sums = sums(f.start, f.end, where=where, by=("service_id",), measures=ROW)
    by_month_sums = sums(f.start, f.end, where=where, by=("month",), measures=("opened", "completed"))
    everything = total(by_wilayat_sums)

    year_start = date(today.year, 1, 1)
    if (f.start, f.end) == (year_start, date(today.year, 12, 31)):
        this_year = everything.get("opened", 0)
    else:
        this_year = total(sums(year_start, date(today.year, 12, 31), where=where, measures=("opened",))).get(
            "opened", 0
        )
    twelve_start = (today.replace(day=1) - timedelta(days=335)).replace(day=1)
    last_12 = total(sums(twelve_start, month_end(today), where=where, measures=("opened",))).get("opened", 0)

    centres, jobs = _centres(f), _jobs(f)
    centres_by_wilayat, jobs_by_wilayat = _centres(f, "wilayat_id"), _jobs(f, "centre__wilayat_id")

    governorates = list(Governorate.objects.order_by("sort_order", "code"))
    wilayats = list(
        Wilayat.objects.select_related("governorate").order_by("governorate__sort_order", "sort_order")
    )
    if f.governorate is not None:
        governorates = [g for g in governorates if g.pk == f.governorate.pk]
        wilayats = [w for w in wilayats if w.governorate_id == f.governorate.pk]
    if f.wilayat is not None:
        governorates = [g for g in governorates if g.pk == f.wilayat.governorate_id]
        wilayats = [w for w in wilayats if w.pk == f.wilayat.pk]

    by_wilayat, gov_counts = [], defaultdict(Counter)
    gov_centres, gov_jobs = defaultdict(Counter), defaultdict(Counter)
    for w in wilayats:
        counter = by_wilayat_sums.get((w.pk,), Counter())
        gov_counts[w.governorate_id].update(counter)
        c = centres_by_wilayat.get(w.pk, {})
        j = jobs_by_wilayat.get(w.pk, {})
        gov_centres[w.governorate_id].update({"licensed": c.get("licensed", 0), "total": c.get("total", 0)})
        gov_jobs[w.governorate_id].update({"jobs": j.get("jobs", 0), "women": j.get("women", 0)})
        row = figures(counter)
        by_wilayat.append(
            {
                "code": w.code,
                "name_ar": w.name_ar,
                "name_en": w.name_en,
                "governorate": w.governorate.code,
                "centres_licensed": c.get("licensed", 0),
                "jobs": j.get("jobs", 0),
                "population": w.population,
                **row,
                "cases_per_1000": per_thousand(row["cases"], w.population),
                "latitude": w.latitude,
                "longitude": w.longitude,
            }
        )
    by_governorate = []
    for g in governorates:
        row = figures(gov_counts[g.pk])
        by_governorate.append(
            {
                "code": g.code,
                "name_ar": g.name_ar,
                "name_en": g.name_en,
                "centres_licensed": gov_centres[g.pk]["licensed"],
                "centres_total": gov_centres[g.pk]["total"],
                "jobs": gov_jobs[g.pk]["jobs"],
                "jobs_women": gov_jobs[g.pk]["women"],
                "population": g.population,
                **row,
                "cases_per_1000": per_thousand(row["cases"], g.population),
            }
        )

    services = service_names()
    institution_counts = defaultdict(Counter)
    by_service = []
    for (service_id,), counter in by_service_sums.items():
        service = services[service_id]
        institution_counts[service["institution_id"]].update(counter)
        by_service.append(
            {
                "code": service["code"],
                "name_ar": service["name_ar"],
                "name_en": service["name_en"],
                "institution": service["institution"],
                **figures(counter),
            }
        )
    by_service.sort(key=lambda r: (-r["cases"], r["code"]))
    institutions = {i.pk: i for i in Institution.objects.all()}
    by_institution = [
        {
            "code": institutions[pk].code,
            "name_ar": institutions[pk].name_ar,
            "name_en": institutions[pk].name_en,
            **figures(counter),
        }
        for pk, counter in institution_counts.items()
    ]
    by_institution.sort(key=lambda r: (-r["cases"], r["code"]))

    month_counts = {key[0]: counter for key, counter in by_month_sums.items()}
    by_month = [
        {
            "month": m.strftime("%Y-%m"),
            "cases": month_counts.get(m, {}).get("opened", 0),
            "completed": month_counts.get(m, {}).get("completed", 0),
        }
        for m in months_between(f.start, f.end)
    ]
    headline = figures(everything)
    return {
        "period": {"from": f.start.isoformat(), "to": f.end.isoformat()},
        "centres_licensed": centres["licensed"],
        "centres_total": centres["total"],
        "cases": headline["cases"],
        "cases_this_year": this_year,
        "cases_last_12_months": last_12,
        "completed": headline["completed"],
        "rejected": headline["rejected"],
        "cancelled": headline["cancelled"],
        "on_time_share": headline["on_time_share"],
        "median_completion_hours": headline["median_completion_hours"],
        "p90_completion_hours": quantile_hours(everything, q=0.9),
        "jobs": jobs["jobs"],
        "jobs_women": jobs["women"],
        "jobs_women_share": share(jobs["women"], jobs["jobs"]),
        "fees": fees_of(everything),
        "refunds": refunds_of(everything),
        "by_governorate": by_governorate,
        "by_wilayat": by_wilayat,
        "by_month": by_month,
        "by_institution": by_institution,
        "by_service": by_service,
    }


# --- one centre ----------------------------------------------------------------------------------
def centre_stats(centre, f: StatsFilter) -> dict:
    """A centre's business (GET /api/v1/stats/centres/{id}/ and the owner's dashboard), with the
    median centre of its wilayat beside it."""

    where = {
        "centre_id": centre.pk,
        **{k: v for k, v in f.rollup_q().items() if k in ("institution_id", "service_id")},
    }
    by_day_sums = sums(f.start, f.end, where=where, by=("day",), daily_only=True)
    everything = total(by_day_sums)
    by_day = [
        {"day": day.isoformat(), **_business(counter)} for (day,), counter in sorted(by_day_sums.items())
    ]
    weeks, months = defaultdict(Counter), defaultdict(Counter)
    for (day,), counter in by_day_sums.items():
        weeks[day - timedelta(days=(day.weekday() + 1) % 7)].update(counter)  # weeks start on Sunday
        months[day.replace(day=1)].update(counter)
    services = service_names()
    by_service = sorted(
        (
            {
                "code": services[sid]["code"],
                "name_ar": services[sid]["name_ar"],
                "name_en": services[sid]["name_en"],
                **_business(c),
            }
            for (sid,), c in sums(f.start, f.end, where=where, by=("service_id",), daily_only=True).items()
        ),
        key=lambda r: (-r["cases"], r["code"]),
    )
    clerks = (
        ClerkDailyStat.objects.filter(centre_id=centre.pk, day__range=(f.start, f.end))
        .order_by()
        .values("clerk_id", "clerk__full_name_ar", "clerk__full_name_en", "clerk__username")
        .annotate(opened=Sum("opened"), completed=Sum("completed"))
    )
    by_clerk = sorted(
        (
            {
                "clerk": row["clerk__username"],
                "name_ar": row["clerk__full_name_ar"],
                "name_en": row["clerk__full_name_en"],
                "opened": row["opened"],
                "completed": row["completed"],
            }
            for row in clerks
        ),
        key=lambda r: (-r["completed"], -r["opened"], r["clerk"]),
    )
    return {
        "period": {"from": f.start.isoformat(), "to": f.end.isoformat()},
        "centre": {
            "id": centre.pk,
            "name_ar": centre.name_ar,
            "name_en": centre.name_en,
            "wilayat": centre.wilayat.code,
        },
        **_business(everything),
        "fees": fees_of(everything),
        "refunds": refunds_of(everything),
        "by_day": by_day,
        "by_week": [{"week": w.isoformat(), **_business(c)} for w, c in sorted(weeks.items())],
        "by_month": [{"month": m.strftime("%Y-%m"), **_business(c)} for m, c in sorted(months.items())],
        "by_service": by_service,
        "by_clerk": by_clerk,
        "wilayat_median": wilayat_median(centre, f),
    }


def _business(counter) -> dict:
    row = figures(counter)
    row["revenue"] = fees_of(counter)["centre"]
    return row


def _median(values: list):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def wilayat_median(centre, f: StatsFilter) -> dict:
    """The median centre of the centre's wilayat over the same period (each figure's own median)."""
    from sanad.centres.models import Centre

    peers = list(Centre.objects.filter(wilayat_id=centre.wilayat_id).values_list("pk", flat=True))
    per_centre = sums(
        f.start, f.end, where={"wilayat_id": centre.wilayat_id}, by=("centre_id",), daily_only=True
    )
    rows = [_business(per_centre.get((pk,), Counter())) for pk in peers]
    return {
        "centres": len(peers),
        "cases": _median([r["cases"] for r in rows]),
        "completed": _median([r["completed"] for r in rows]),
        "revenue": _median([r["revenue"] for r in rows]),
        "on_time_share": _median([r["on_time_share"] for r in rows]),
    }


# --- one institution -----------------------------------------------------------------------------
def institution_stats(institution, f: StatsFilter) -> dict:
    """What an institution receives through the centres: volume, decisions and their times, what is
    pending and overdue now, by service."""
    from sanad.cases.constants import CaseState
    from sanad.cases.models import Case
    from sanad.catalogue.models import Service

    where = {
        "institution_id": institution.pk,
        **{k: v for k, v in f.rollup_q().items() if k != "institution_id"},
    }
    by_service_sums = sums(f.start, f.end, where=where, by=("service_id",))
    by_month_sums = sums(
        f.start, f.end, where=where, by=("month",), measures=("opened", "submitted", "completed", "rejected")
    )
    everything = total(by_service_sums)
    now = timezone.now()
    # The open backlog only (the state index), not the history.
    waiting = (
        Case.objects.filter(state=CaseState.SUBMITTED_TO_INSTITUTION, service__institution_id=institution.pk)
        .order_by()
        .values("service_id")
        .annotate(pending=Count("id"), overdue=Count("id", filter=Q(sla_due_at__lt=now)))
    )
    backlog = {row["service_id"]: row for row in waiting}
    names = service_names()
    services = Service.objects.filter(institution_id=institution.pk).order_by("code")
    if f.service is not None:
        services = services.filter(pk=f.service.pk)
    by_service = []
    for service_id in services.values_list("pk", flat=True):
        counter = by_service_sums.get((service_id,), Counter())
        waiting_row = backlog.get(service_id, {})
        if not counter and not waiting_row:
            continue
        by_service.append(
            {
                "code": names[service_id]["code"],
                "name_ar": names[service_id]["name_ar"],
                "name_en": names[service_id]["name_en"],
                **_decisions(counter),
                "pending": waiting_row.get("pending", 0),
                "overdue": waiting_row.get("overdue", 0),
            }
        )
    by_service.sort(key=lambda r: (-r["submitted"], r["code"]))
    months = {key[0]: c for key, c in by_month_sums.items()}
    return {
        "period": {"from": f.start.isoformat(), "to": f.end.isoformat()},
        "institution": {
            "code": institution.code,
            "name_ar": institution.name_ar,
            "name_en": institution.name_en,
        },
        **_decisions(everything),
        "pending": sum(r["pending"] for r in backlog.values()),
        "overdue": sum(r["overdue"] for r in backlog.values()),
        "by_service": by_service,
        "by_month": [
            {
                "month": m.strftime("%Y-%m"),
                "cases": months.get(m, {}).get("opened", 0),
                "submitted": months.get(m, {}).get("submitted", 0),
                "completed": months.get(m, {}).get("completed", 0),
                "rejected": months.get(m, {}).get("rejected", 0),
            }
            for m in months_between(f.start, f.end)
        ],
    }


def _decisions(counter) -> dict:
    row = figures(counter)
    row["submitted"] = counter.get("submitted", 0)
    row["decisions"] = row["completed"] + row["rejected"]
    row["median_decision_hours"] = quantile_hours(counter, DECISION_BUCKETS)
    return row


# --- exports and open data -----------------------------------------------------------------------
def daily_rows(f: StatsFilter, *, where: dict | None = None):
    """Every daily row of the selection, streamed (the biggest export)."""
    qs = (
        DailyStat.objects.filter(day__range=(f.start, f.end), **f.rollup_q(), **(where or {}))
        .order_by("day", "centre_id", "service_id")
        .values_list(
            "day",
            "centre_id",
            "centre__name_ar",
            "wilayat__code",
            "governorate__code",
            "institution__code",
            "service__code",
            "opened",
            "completed",
            "rejected",
            "cancelled",
            "on_time",
            "late",
            "paid_centre_fee",
            "paid_government_fee",
            "paid_vat",
        )
    )
    return qs.iterator(chunk_size=2000)


DAILY_COLUMNS = (
    "day",
    "centre_id",
    "centre",
    "wilayat",
    "governorate",
    "institution",
    "service",
    "cases",
    "completed",
    "rejected",
    "cancelled",
    "on_time",
    "late",
    "centre_fees",
    "government_fees",
    "vat",
)


def last_updated():
    from django.db.models import Max

    return MonthlyStat.objects.aggregate(at=Max("updated_at"))["at"]
