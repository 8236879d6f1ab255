"""Writes for the statistics: the effects that keep the rollups current (registered with the case
workflow and with payments in apps.py), and the rebuild."""

from django.db import transaction
from django.utils import timezone

from . import rollup
from .constants import CLERK_MEASURES, MEASURES
from .models import ClerkDailyStat, DailyStat, MonthlyStat, ServiceMonthStat, WilayatMonthStat


# --- effects, inside the writer's transaction ----------------------------------------------------
def stats_on_case_opened(case, actor) -> None:
    rollup.bump(moment=case.created_at, centre_id=case.centre_id, service_id=case.service_id, opened=1)
    if case.channel == "walk_in":
        rollup.bump_clerk(
            moment=case.created_at, centre_id=case.centre_id, clerk_id=case.opened_by_id, opened=1
        )


def stats_on_transition(case, step, actor) -> None:
    from sanad.cases.constants import Action, CaseState

    now = timezone.now()
    deltas: dict = {}
    if step.action == Action.SUBMIT_TO_INSTITUTION:
        deltas["submitted"] = 1
    elif step.action in (Action.COMPLETE, Action.REJECT):
        if step.action == Action.COMPLETE:
            deltas.update(
                rollup.completion_deltas(
                    opened_at=case.created_at, completed_at=now, sla_due_at=case.sla_due_at
                )
            )
            rollup.bump_clerk(
                moment=now, centre_id=case.centre_id, clerk_id=getattr(actor, "pk", None), completed=1
            )
        else:
            deltas["rejected"] = 1
        deltas.update(rollup.decision_deltas(submitted_at=_last_submitted_at(case), decided_at=now))
    elif step.target == CaseState.CANCELLED:
        deltas["cancelled"] = 1
    rollup.bump(moment=now, centre_id=case.centre_id, service_id=case.service_id, **deltas)


def _last_submitted_at(case):
    from sanad.cases.constants import Action
    from sanad.cases.models import CaseEvent

    return (
        CaseEvent.objects.filter(case_id=case.pk, action=Action.SUBMIT_TO_INSTITUTION)
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)
        .first()
    )


def stats_on_payment_succeeded(payment) -> None:
    case = payment.case
    rollup.bump(
        moment=payment.paid_at,
        centre_id=case.centre_id,
        service_id=case.service_id,
        **rollup.payment_deltas(payment.government_fee, payment.centre_fee, payment.vat),
    )


def stats_on_refund_issued(refund) -> None:
    case = refund.case
    rollup.bump(
        moment=refund.created_at,
        centre_id=case.centre_id,
        service_id=case.service_id,
        **rollup.refund_deltas(refund.government_fee, refund.centre_fee, refund.vat),
    )


# --- rebuild -------------------------------------------------------------------------------------
def _insert(model, keys: tuple[str, ...], names: tuple[str, ...], rows) -> None:
    """Plain multi-row inserts in batches (a rebuild writes up to millions of rows; the ORM's
    bulk_create costs more in Python than the database takes to store them)."""
    from itertools import islice

    from django.db import connection

    quote = connection.ops.quote_name
    columns = [*keys, "updated_at", *names]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(model._meta.get_field(c).column) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    now = timezone.now()
    rows = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(rows, 5000)):
            cursor.executemany(
                sql, [(*key, now, *(counter.get(n, 0) for n in names)) for key, counter in batch]
            )


def stats_write(daily: dict, clerks: dict) -> dict:
    """Replace every rollup with these daily figures ({(day, centre, service): Counter}) and the
    per-clerk ones, in one transaction: readers see the old figures or the new ones, never a half."""
    from sanad.catalogue.models import Service
    from sanad.centres.models import Centre
    from sanad.geo.models import Wilayat

    rollup.clear_caches()
    monthly = rollup.monthly_from(daily)
    wilayat_of = dict(Centre.objects.values_list("pk", "wilayat_id"))
    governorate_of = dict(Wilayat.objects.values_list("pk", "governorate_id"))
    institution_of = dict(Service.objects.values_list("pk", "institution_id"))
    with transaction.atomic():
        for model in (DailyStat, MonthlyStat, WilayatMonthStat, ServiceMonthStat, ClerkDailyStat):
            model.objects.all().delete()
        _insert(
            DailyStat,
            ("day", "centre_id", "service_id", "wilayat_id", "governorate_id", "institution_id"),
            MEASURES,
            (
                ((d, c, s, wilayat_of[c], governorate_of[wilayat_of[c]], institution_of[s]), counter)
                for (d, c, s), counter in daily.items()
            ),
        )
        _insert(
            MonthlyStat,
            ("month", "wilayat_id", "service_id", "governorate_id", "institution_id"),
            MEASURES,
            (
                ((m, w, s, governorate_of[w], institution_of[s]), counter)
                for (m, w, s), counter in monthly.items()
            ),
        )
        _insert(
            WilayatMonthStat,
            ("month", "wilayat_id", "governorate_id"),
            MEASURES,
            (((m, w, governorate_of[w]), c) for (m, w), c in rollup.rolled_up(monthly, 1).items()),
        )
        _insert(
            ServiceMonthStat,
            ("month", "service_id", "institution_id"),
            MEASURES,
            (((m, s, institution_of[s]), c) for (m, s), c in rollup.rolled_up(monthly, 2).items()),
        )
        _insert(ClerkDailyStat, ("day", "centre_id", "clerk_id"), CLERK_MEASURES, clerks.items())
    return {"daily": len(daily), "monthly": len(monthly), "clerks": len(clerks)}


def stats_rebuild() -> dict:
    """Recompute every rollup from the raw tables (after bulk imports, or to repair)."""
    rollup.clear_caches()
    daily, clerks = rollup.recompute()
    return stats_write(daily, clerks)


def stats_differences(limit: int = 50) -> list[str]:
    """Every difference between the rollups and a recomputation from the raw tables, named."""
    daily, clerks = rollup.recompute()
    monthly = rollup.monthly_from(daily)
    expected = {
        "daily": daily,
        "monthly": monthly,
        "wilayat-month": rollup.rolled_up(monthly, 1),
        "service-month": rollup.rolled_up(monthly, 2),
        "clerk": clerks,
    }
    got = dict(zip(expected, rollup.stored(), strict=True))
    labels = {
        "daily": "day, centre, service",
        "monthly": "month, wilayat, service",
        "wilayat-month": "month, wilayat",
        "service-month": "month, service",
        "clerk": "day, centre, clerk",
    }
    differences = []
    for table in expected:
        want, have = expected[table], got[table]
        for key in sorted(set(want) | set(have), key=str):
            a, b = want.get(key, {}), have.get(key, {})
            for measure in sorted(set(a) | set(b)):
                if a.get(measure, 0) != b.get(measure, 0):
                    differences.append(
                        f"{table} ({labels[table]}) {', '.join(map(str, key))}: {measure} "
                        f"is {b.get(measure, 0)}, the raw rows say {a.get(measure, 0)}"
                    )
                    if len(differences) >= limit:
                        return differences
    return differences
