# ruff: noqa: S608  (SQL built from model metadata and code constants; values are bound parameters)
"""The rollups rebuilt by the database (PostgreSQL): the same figures as
sanad.analytics.rollup.recompute (which `stats_verify` runs in Python, row by row), computed by
GROUP BY over cases, case events, payments and refunds, then written in one transaction. Used after a
bulk load, where streaming tens of millions of rows through Python would take longer than the load."""

from django.conf import settings
from django.db import transaction

from .pgseed import _execute, _q

TZ = settings.TIME_ZONE


def _select(measures: dict, all_measures) -> str:
    return ", ".join(f"{measures.get(m, '0')} AS {_q(m)}" for m in all_measures)


def stats_rebuild_sql() -> dict:
    from sanad.analytics import rollup
    from sanad.analytics.constants import BUCKET_EDGES, BUCKETS, CLERK_MEASURES, MEASURES
    from sanad.analytics.models import (
        ClerkDailyStat,
        DailyStat,
        MonthlyStat,
        ServiceMonthStat,
        WilayatMonthStat,
    )
    from sanad.cases.constants import Action, CaseState, Channel
    from sanad.cases.models import Case, CaseEvent
    from sanad.catalogue.models import Service
    from sanad.centres.models import Centre
    from sanad.geo.models import Wilayat
    from sanad.payments.models import Payment, Refund

    rollup.clear_caches()
    cases, events = _q(Case._meta.db_table), _q(CaseEvent._meta.db_table)
    payments, refunds = _q(Payment._meta.db_table), _q(Refund._meta.db_table)
    edges = "ARRAY[" + ", ".join(f"{e}::float8" for e in BUCKET_EDGES) + "]"
    submit, complete, reject = (
        Action.SUBMIT_TO_INSTITUTION.value,
        Action.COMPLETE.value,
        Action.REJECT.value,
    )
    is_complete = f"e.action = '{complete}'"
    completion = (
        f"width_bucket(greatest(extract(epoch FROM e.created_at - e.opened_at)::float8 / 3600, 0), {edges})"
    )
    decision = (
        f"width_bucket(greatest(extract(epoch FROM e.created_at - e.sub_at)::float8 / 3600, 0), {edges})"
    )
    decided = f"e.action IN ('{complete}', '{reject}') AND e.sub_at IS NOT NULL"
    event_measures = {
        "submitted": f"count(*) FILTER (WHERE e.action = '{submit}')",
        "completed": f"count(*) FILTER (WHERE {is_complete})",
        "on_time": f"count(*) FILTER (WHERE {is_complete} AND e.sla_due_at IS NOT NULL AND e.created_at <= e.sla_due_at)",
        "late": f"count(*) FILTER (WHERE {is_complete} AND e.sla_due_at IS NOT NULL AND e.created_at > e.sla_due_at)",
        "rejected": f"count(*) FILTER (WHERE e.action = '{reject}')",
        "cancelled": f"count(*) FILTER (WHERE e.action NOT IN ('{submit}', '{complete}', '{reject}')"
        f" AND e.to_state = '{CaseState.CANCELLED.value}')",
        **{
            f"c{i:02d}": f"count(*) FILTER (WHERE {is_complete} AND {completion} = {i})"
            for i in range(BUCKETS)
        },
        **{f"d{i:02d}": f"count(*) FILTER (WHERE {decided} AND {decision} = {i})" for i in range(BUCKETS)},
    }
    money = {
        "payments": "count(*)",
        "paid_government_fee": "sum(x.government_fee)",
        "paid_centre_fee": "sum(x.centre_fee)",
        "paid_vat": "sum(x.vat)",
    }
    refund_money = {
        "refunds": "count(*)",
        "refunded_government_fee": "sum(x.government_fee)",
        "refunded_centre_fee": "sum(x.centre_fee)",
        "refunded_vat": "sum(x.vat)",
    }
    day = f"(({{}}) AT TIME ZONE '{TZ}')::date"
    counted = f"('{submit}', '{complete}', '{reject}')"
    parts = [
        f"SELECT {day.format('c.created_at')} AS day, c.centre_id, c.service_id, "
        f"{_select({'opened': 'count(*)'}, MEASURES)} FROM {cases} c GROUP BY 1, 2, 3",
        f"SELECT {day.format('e.created_at')} AS day, e.centre_id, e.service_id, {_select(event_measures, MEASURES)} "
        f"FROM (SELECT ev.action, ev.to_state, ev.created_at, c.created_at AS opened_at, c.sla_due_at, "
        f"c.centre_id, c.service_id, max(ev.created_at) FILTER (WHERE ev.action = '{submit}') OVER "
        f"(PARTITION BY ev.case_id ORDER BY ev.created_at, ev.id) AS sub_at "
        f"FROM {events} ev JOIN {cases} c ON c.id = ev.case_id "
        f"WHERE ev.action IN {counted} OR ev.to_state = '{CaseState.CANCELLED.value}') e "
        f"GROUP BY 1, 2, 3",
        f"SELECT {day.format('x.paid_at')} AS day, c.centre_id, c.service_id, {_select(money, MEASURES)} "
        f"FROM {payments} x JOIN {cases} c ON c.id = x.case_id WHERE x.paid_at IS NOT NULL GROUP BY 1, 2, 3",
        f"SELECT {day.format('x.created_at')} AS day, c.centre_id, c.service_id, {_select(refund_money, MEASURES)} "
        f"FROM {refunds} x JOIN {cases} c ON c.id = x.case_id GROUP BY 1, 2, 3",
    ]
    sums = ", ".join(f"sum({_q(m)})" for m in MEASURES)
    names = ", ".join(_q(m) for m in MEASURES)
    nonzero = " OR ".join(f"sum({_q(m)}) <> 0" for m in MEASURES)
    tables = {
        m: _q(m._meta.db_table)
        for m in (
            DailyStat,
            MonthlyStat,
            WilayatMonthStat,
            ServiceMonthStat,
            ClerkDailyStat,
            Centre,
            Wilayat,
            Service,
        )
    }
    walk_in = Channel.WALK_IN.value
    clerk_sums = ", ".join(f"sum({_q(m)})" for m in CLERK_MEASURES)
    clerk_names = ", ".join(_q(m) for m in CLERK_MEASURES)
    with transaction.atomic():
        _execute("SET LOCAL work_mem = '256MB'")
        for model in (DailyStat, MonthlyStat, WilayatMonthStat, ServiceMonthStat, ClerkDailyStat):
            _execute(f"DELETE FROM {tables[model]}")
        daily = _execute(
            f"""INSERT INTO {tables[DailyStat]} (day, centre_id, service_id, wilayat_id, governorate_id,
                 institution_id, updated_at, {names})
            SELECT r.day, r.centre_id, r.service_id, ce.wilayat_id, w.governorate_id, s.institution_id, now(), {sums}
            FROM ({" UNION ALL ".join(parts)}) r
            JOIN {tables[Centre]} ce ON ce.id = r.centre_id
            JOIN {tables[Wilayat]} w ON w.id = ce.wilayat_id
            JOIN {tables[Service]} s ON s.id = r.service_id
            GROUP BY r.day, r.centre_id, r.service_id, ce.wilayat_id, w.governorate_id, s.institution_id
            HAVING {nonzero}"""
        )
        monthly = _execute(
            f"""INSERT INTO {tables[MonthlyStat]} (month, wilayat_id, service_id, governorate_id, institution_id,
                 updated_at, {names})
            SELECT date_trunc('month', day)::date, wilayat_id, service_id, governorate_id, institution_id, now(),
                   {sums}
            FROM {tables[DailyStat]} GROUP BY 1, 2, 3, 4, 5"""
        )
        _execute(
            f"""INSERT INTO {tables[WilayatMonthStat]} (month, wilayat_id, governorate_id, updated_at, {names})
            SELECT month, wilayat_id, governorate_id, now(), {sums} FROM {tables[MonthlyStat]} GROUP BY 1, 2, 3"""
        )
        _execute(
            f"""INSERT INTO {tables[ServiceMonthStat]} (month, service_id, institution_id, updated_at, {names})
            SELECT month, service_id, institution_id, now(), {sums} FROM {tables[MonthlyStat]} GROUP BY 1, 2, 3"""
        )
        clerks = _execute(
            f"""INSERT INTO {tables[ClerkDailyStat]} (day, centre_id, clerk_id, updated_at, {clerk_names})
            SELECT day, centre_id, clerk_id, now(), {clerk_sums} FROM (
              SELECT {day.format("created_at")} AS day, centre_id, opened_by_id AS clerk_id, count(*) AS opened,
                     0 AS completed
              FROM {cases} WHERE channel = '{walk_in}' AND opened_by_id IS NOT NULL GROUP BY 1, 2, 3
              UNION ALL
              SELECT {day.format("e.created_at")}, c.centre_id, e.actor_id, 0, count(*)
              FROM {events} e JOIN {cases} c ON c.id = e.case_id
              WHERE e.action = '{complete}' AND e.actor_id IS NOT NULL GROUP BY 1, 2, 3
            ) r GROUP BY 1, 2, 3"""
        )
    return {"daily": daily, "monthly": monthly, "clerks": clerks}
