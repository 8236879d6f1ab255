"""Keeping the rollups: increments inside the writer's transaction, and the recomputation from the raw
tables that the rebuild and `stats_verify` share.

Increments are one `INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n` per table (SQLite ≥ 3.24
and PostgreSQL speak the same statement), so two transitions committing at once both count: the
database adds, nobody reads-modifies-writes."""

from collections import Counter, defaultdict
from datetime import date, datetime
from functools import lru_cache

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from .constants import BUCKET_EDGES, CLERK_MEASURES, MEASURES, bucket_of
from .models import ClerkDailyStat, DailyStat, MonthlyStat, ServiceMonthStat, WilayatMonthStat

Key = tuple  # (day, centre_id, service_id)


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


@lru_cache(maxsize=4096)
def _governorate_of(wilayat_id: int) -> int:
    from sanad.geo.models import Wilayat

    return Wilayat.objects.values_list("governorate_id", flat=True).get(pk=wilayat_id)


@lru_cache(maxsize=4096)
def _institution_of(service_id: int) -> int:
    from sanad.catalogue.models import Service

    return Service.objects.values_list("institution_id", flat=True).get(pk=service_id)


def _wilayat_of(centre_id: int) -> int:
    # Not cached: a centre's row is the truth (and ids are reused between tests' rolled-back rows).
    from sanad.centres.models import Centre

    return Centre.objects.values_list("wilayat_id", flat=True).get(pk=centre_id)


def clear_caches() -> None:
    for cached in (_governorate_of, _institution_of):
        cached.cache_clear()


def _upsert(model, keys: dict, extra: dict, deltas: dict) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = {**keys, **extra, "updated_at": timezone.now(), **deltas}
    names = [connection.ops.quote_name(model._meta.get_field(n).column) for n in columns]
    conflict = ", ".join(connection.ops.quote_name(model._meta.get_field(n).column) for n in keys)
    updates = [
        f"{connection.ops.quote_name('updated_at')} = excluded.{connection.ops.quote_name('updated_at')}"
    ]
    for name in deltas:
        column = connection.ops.quote_name(name)
        updates.append(f"{column} = {table}.{column} + excluded.{column}")
    # Names come from the model, values are bound parameters.
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))}) "  # noqa: S608
    sql += f"ON CONFLICT ({conflict}) DO UPDATE SET {', '.join(updates)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, list(columns.values()))


def bump(*, moment: datetime, centre_id: int, service_id: int, **deltas: int) -> None:
    """Add `deltas` to the day's and the month's rows of this centre and service."""
    deltas = {k: v for k, v in deltas.items() if v}
    if not deltas:
        return
    unknown = set(deltas) - set(MEASURES)
    if unknown:
        raise ValueError(f"unknown measures: {sorted(unknown)}")
    day = local_day(moment)
    wilayat_id = _wilayat_of(centre_id)
    extra = {
        "wilayat_id": wilayat_id,
        "governorate_id": _governorate_of(wilayat_id),
        "institution_id": _institution_of(service_id),
    }
    _upsert(DailyStat, {"day": day, "centre_id": centre_id, "service_id": service_id}, extra, deltas)
    month = day.replace(day=1)
    governorate = {"governorate_id": extra["governorate_id"]}
    institution = {"institution_id": extra["institution_id"]}
    _upsert(
        MonthlyStat,
        {"month": month, "wilayat_id": wilayat_id, "service_id": service_id},
        {**governorate, **institution},
        deltas,
    )
    _upsert(WilayatMonthStat, {"month": month, "wilayat_id": wilayat_id}, governorate, deltas)
    _upsert(ServiceMonthStat, {"month": month, "service_id": service_id}, institution, deltas)


def bump_clerk(*, moment: datetime, centre_id: int, clerk_id: int | None, **deltas: int) -> None:
    if clerk_id is None:
        return
    day = local_day(moment)
    _upsert(ClerkDailyStat, {"day": day, "centre_id": centre_id, "clerk_id": clerk_id}, {}, deltas)


def hours_between(start: datetime, end: datetime) -> float:
    return max((end - start).total_seconds(), 0) / 3600


def completion_deltas(*, opened_at, completed_at, sla_due_at) -> dict:
    deltas = {"completed": 1, f"c{bucket_of(hours_between(opened_at, completed_at)):02d}": 1}
    if sla_due_at is not None:
        deltas["on_time" if completed_at <= sla_due_at else "late"] = 1
    return deltas


def decision_deltas(*, submitted_at, decided_at) -> dict:
    if submitted_at is None:
        return {}
    return {f"d{bucket_of(hours_between(submitted_at, decided_at)):02d}": 1}


# --- recomputation from the raw rows ------------------------------------------------------------
def _add(table: dict, key: Key, deltas: dict) -> None:
    counter = table.get(key)
    if counter is None:
        counter = table[key] = Counter()
    counter.update({k: v for k, v in deltas.items() if v})


def recompute() -> tuple[dict, dict]:
    """Every rollup figure from cases, case events, payments and refunds: ({(day, centre, service):
    Counter}, {(day, centre, clerk): Counter}). Streams the rows; holds only the rollups in memory."""
    from sanad.cases.constants import Action, CaseState, Channel
    from sanad.cases.models import Case, CaseEvent
    from sanad.payments.models import Payment, Refund

    daily: dict = {}
    clerks: dict = {}
    opened = Case.objects.order_by().values_list(
        "created_at", "centre_id", "service_id", "channel", "opened_by_id"
    )
    for created_at, centre_id, service_id, channel, opened_by in opened.iterator(chunk_size=5000):
        day = local_day(created_at)
        _add(daily, (day, centre_id, service_id), {"opened": 1})
        if channel == Channel.WALK_IN:
            _add(clerks, (day, centre_id, opened_by), {"opened": 1})

    counted = (Action.SUBMIT_TO_INSTITUTION, Action.COMPLETE, Action.REJECT)
    events = (
        CaseEvent.objects.filter(Q(action__in=counted) | Q(to_state=CaseState.CANCELLED))
        .order_by("case_id", "created_at", "pk")
        .values_list(
            "case_id",
            "action",
            "to_state",
            "created_at",
            "actor_id",
            "case__created_at",
            "case__sla_due_at",
            "case__centre_id",
            "case__service_id",
        )
    )
    current_case, submitted_at = None, None
    for (
        case_id,
        action,
        to_state,
        at,
        actor_id,
        opened_at,
        sla_due_at,
        centre_id,
        service_id,
    ) in events.iterator(chunk_size=5000):
        if case_id != current_case:
            current_case, submitted_at = case_id, None
        key = (local_day(at), centre_id, service_id)
        if action == Action.SUBMIT_TO_INSTITUTION:
            submitted_at = at
            _add(daily, key, {"submitted": 1})
        elif action == Action.COMPLETE:
            _add(daily, key, completion_deltas(opened_at=opened_at, completed_at=at, sla_due_at=sla_due_at))
            _add(daily, key, decision_deltas(submitted_at=submitted_at, decided_at=at))
            _add(clerks, (key[0], centre_id, actor_id), {"completed": 1} if actor_id else {})
        elif action == Action.REJECT:
            _add(daily, key, {"rejected": 1, **decision_deltas(submitted_at=submitted_at, decided_at=at)})
        elif to_state == CaseState.CANCELLED:
            _add(daily, key, {"cancelled": 1})

    paid = Payment.objects.filter(paid_at__isnull=False).order_by()
    for at, centre_id, service_id, government, centre_fee, vat in paid.values_list(
        "paid_at", "case__centre_id", "case__service_id", "government_fee", "centre_fee", "vat"
    ).iterator(chunk_size=5000):
        _add(daily, (local_day(at), centre_id, service_id), payment_deltas(government, centre_fee, vat))
    refunds = Refund.objects.order_by().values_list(
        "created_at", "case__centre_id", "case__service_id", "government_fee", "centre_fee", "vat"
    )
    for at, centre_id, service_id, government, centre_fee, vat in refunds.iterator(chunk_size=5000):
        _add(daily, (local_day(at), centre_id, service_id), refund_deltas(government, centre_fee, vat))
    return (
        {k: v for k, v in daily.items() if +v},
        {k: v for k, v in clerks.items() if k[2] is not None and +v},
    )


def payment_deltas(government_fee: int, centre_fee: int, vat: int) -> dict:
    return {
        "payments": 1,
        "paid_government_fee": government_fee,
        "paid_centre_fee": centre_fee,
        "paid_vat": vat,
    }


def refund_deltas(government_fee: int, centre_fee: int, vat: int) -> dict:
    return {
        "refunds": 1,
        "refunded_government_fee": government_fee,
        "refunded_centre_fee": centre_fee,
        "refunded_vat": vat,
    }


def monthly_from(daily: dict) -> dict:
    """{(month, wilayat, service): Counter} from the daily figures."""
    from sanad.centres.models import Centre

    wilayat_of = dict(Centre.objects.values_list("pk", "wilayat_id"))
    monthly: dict = defaultdict(Counter)
    for (day, centre_id, service_id), counter in daily.items():
        monthly[(day.replace(day=1), wilayat_of[centre_id], service_id)].update(counter)
    return dict(monthly)


def rolled_up(monthly: dict, position: int) -> dict:
    """{(month, wilayat) or (month, service): Counter} from the month × wilayat × service figures."""
    out: dict = defaultdict(Counter)
    for key, counter in monthly.items():
        out[(key[0], key[position])].update(counter)
    return dict(out)


def stored() -> tuple[dict, dict, dict, dict, dict]:
    """What the rollup tables hold now, in the shape `recompute` returns."""

    def read(model, keys, measures):
        rows = {}
        for row in model.objects.order_by().values_list(*keys, *measures).iterator(chunk_size=5000):
            counter = Counter({m: v for m, v in zip(measures, row[len(keys) :], strict=True) if v})
            if counter:
                rows[tuple(row[: len(keys)])] = counter
        return rows

    return (
        read(DailyStat, ("day", "centre_id", "service_id"), MEASURES),
        read(MonthlyStat, ("month", "wilayat_id", "service_id"), MEASURES),
        read(WilayatMonthStat, ("month", "wilayat_id"), MEASURES),
        read(ServiceMonthStat, ("month", "service_id"), MEASURES),
        read(ClerkDailyStat, ("day", "centre_id", "clerk_id"), CLERK_MEASURES),
    )


__all__ = ["BUCKET_EDGES", "bump", "bump_clerk", "recompute", "stored"]
