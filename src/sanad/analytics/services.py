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
def stats_rebuild() -> dict:
    """Replace every rollup with what the raw tables say (after bulk imports, or to repair). Takes
    the rows in one transaction: readers see the old figures or the new ones, never a half."""
    from sanad.catalogue.models import Service
    from sanad.centres.models import Centre
    from sanad.geo.models import Wilayat

    rollup.clear_caches()
    daily, clerks = rollup.recompute()
    monthly = rollup.monthly_from(daily)
    wilayat_of = dict(Centre.objects.values_list("pk", "wilayat_id"))
    governorate_of = dict(Wilayat.objects.values_list("pk", "governorate_id"))
    institution_of = dict(Service.objects.values_list("pk", "institution_id"))
    now = timezone.now()

    def measures(counter, names):
        return {name: counter.get(name, 0) for name in names}

    with transaction.atomic():
        DailyStat.objects.all().delete()
        MonthlyStat.objects.all().delete()
        ClerkDailyStat.objects.all().delete()
        WilayatMonthStat.objects.all().delete()
        ServiceMonthStat.objects.all().delete()
        DailyStat.objects.bulk_create(
            (
                DailyStat(
                    day=day,
                    centre_id=centre_id,
                    service_id=service_id,
                    wilayat_id=wilayat_of[centre_id],
                    governorate_id=governorate_of[wilayat_of[centre_id]],
                    institution_id=institution_of[service_id],
                    updated_at=now,
                    **measures(counter, MEASURES),
                )
                for (day, centre_id, service_id), counter in daily.items()
            ),
            batch_size=2000,
        )
        MonthlyStat.objects.bulk_create(
            (
                MonthlyStat(
                    month=month,
                    wilayat_id=wilayat_id,
                    service_id=service_id,
                    governorate_id=governorate_of[wilayat_id],
                    institution_id=institution_of[service_id],
                    updated_at=now,
                    **measures(counter, MEASURES),
                )
                for (month, wilayat_id, service_id), counter in monthly.items()
            ),
            batch_size=2000,
        )
        WilayatMonthStat.objects.bulk_create(
            (
                WilayatMonthStat(
                    month=month,
                    wilayat_id=wilayat_id,
                    governorate_id=governorate_of[wilayat_id],
                    updated_at=now,
                    **measures(counter, MEASURES),
                )
                for (month, wilayat_id), counter in rollup.rolled_up(monthly, 1).items()
            ),
            batch_size=2000,
        )
        ServiceMonthStat.objects.bulk_create(
            (
                ServiceMonthStat(
                    month=month,
                    service_id=service_id,
                    institution_id=institution_of[service_id],
                    updated_at=now,
                    **measures(counter, MEASURES),
                )
                for (month, service_id), counter in rollup.rolled_up(monthly, 2).items()
            ),
            batch_size=2000,
        )
        ClerkDailyStat.objects.bulk_create(
            (
                ClerkDailyStat(
                    day=day,
                    centre_id=centre_id,
                    clerk_id=clerk_id,
                    updated_at=now,
                    **measures(counter, CLERK_MEASURES),
                )
                for (day, centre_id, clerk_id), counter in clerks.items()
            ),
            batch_size=2000,
        )
    return {"daily": len(daily), "monthly": len(monthly), "clerks": len(clerks)}


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
