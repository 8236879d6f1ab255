"""National statistics benchmark: the regulator's dashboard and GET /api/v1/stats/national/ over a
national year of cases, beside the same figures computed by a raw GROUP BY over the cases table.

    .venv/bin/python bench/national_stats.py [--cases 1000000] [--runs 50]
    BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/national_stats.py
    BENCH_DATABASE_URL=postgres://… .venv/bin/python bench/national_stats.py --existing

With --existing it reads a database already holding a national history (`seed_demo --cases N`,
whose year runs back twelve months from today) instead of building one, and checks the API against the
raw GROUP BY of the current calendar year. On PostgreSQL the database server's CPU time for the
connection (its backend process, from /proc) is measured beside this process's.

Builds a fresh database (SQLite in a temporary folder by default), loads the demo network (~920
licensed centres, 88 services), then writes N cases spread over the current calendar year straight
into the cases table with multi-row inserts, and the rollups those cases imply (day × centre ×
service, month × wilayat × service, month × wilayat, month × service) the same way: the benchmark
measures reading, not seeding. Prints Markdown tables: seeding times, then the timings.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]


def _setup(database_url: str | None, *, existing: bool = False) -> None:
    folder = Path(tempfile.mkdtemp(prefix="sanad-bench-"))
    if not existing:
        os.environ["SANAD_VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = (
        database_url or os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["DEBUG"] = "0"  # as in production: cached templates, no query log
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    if existing:
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sanad.demo import steps  # noqa: F401  (registers the steps)
    from sanad.demo.registry import STEPS

    options = {"seed": 2026, "no_progress": True, "if_empty": False, "cases": 0}
    for step in STEPS:
        step.run(options, lambda n: None)
        if step.name == "centres":
            break


def _seed(count: int, rng: Random) -> dict:
    """N cases over this year, day by day, and their rollups (streamed: one day in memory)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from sanad.accounts.models import User
    from sanad.analytics import rollup
    from sanad.analytics.constants import MEASURES, bucket_of
    from sanad.analytics.models import DailyStat, MonthlyStat, ServiceMonthStat, WilayatMonthStat
    from sanad.analytics.services import _insert
    from sanad.catalogue.models import Service
    from sanad.centres.models import Centre
    from sanad.geo.models import Wilayat

    citizen = User.objects.filter(role="citizen").values_list("pk", flat=True).first()
    clerk = User.objects.filter(role="centre_staff").values_list("pk", flat=True).first()
    services = list(
        Service.objects.filter(current_version__isnull=False).values_list(
            "pk", "current_version_id", "institution_id", "current_version__sla_hours"
        )
    )
    weights = [1 / (i + 1) for i in range(len(services))]  # a few services carry most of the load
    cumulative = [sum(weights[: i + 1]) for i in range(len(weights))]
    centres = list(Centre.objects.filter(licence__state="active").values_list("pk", "wilayat_id"))
    governorate_of = dict(Wilayat.objects.values_list("pk", "governorate_id"))
    wilayat_of = dict(centres)
    institution_of = {p: i for p, _v, i, _s in services}
    zone = timezone.get_current_timezone()
    year = timezone.localdate().year
    first = datetime(year, 1, 1, tzinfo=zone)
    days = (datetime(year, 12, 31, tzinfo=zone) - first).days + 1
    per_day = count // days
    cols = (
        "reference, citizen_id, centre_id, clerk_id, channel, service_id, service_version_id, state, form_data, "
        "government_fee, centre_fee, vat, total, sla_due_at, institution_reference, decision_note, opened_by_id, "
        "version, created_at, updated_at, closed_at"
    )
    sql = f"INSERT INTO cases_case ({cols}) VALUES ({', '.join(['%s'] * 21)})"  # noqa: S608
    monthly: dict = defaultdict(Counter)
    number = 0
    started = time.perf_counter()
    for day_index in range(days):
        day_start = first + timedelta(days=day_index)
        n = per_day + (1 if day_index < count - per_day * days else 0)
        rows, daily = [], defaultdict(Counter)
        for _ in range(n):
            number += 1
            service, version, _institution, sla = rng.choices(services, cum_weights=cumulative)[0]
            centre, wilayat = rng.choice(centres)
            opened = day_start + timedelta(minutes=rng.randint(7 * 60, 14 * 60))
            government, centre_fee = rng.choice((0, 2000, 5000, 20000)), rng.choice((1000, 1500, 2000))
            vat = centre_fee // 20
            hours = rng.expovariate(1 / 40)
            done = rng.random() < 0.85
            state = "closed" if done else rng.choice(("in_progress", "cancelled", "submitted_to_institution"))
            due = opened + timedelta(hours=sla or 72)
            rows.append(
                (
                    f"SND-{year}-{number:07d}-0", citizen, centre, clerk, "walk_in", service, version, state, "{}",
                    government, centre_fee, vat, government + centre_fee + vat, due, "", "", clerk, 1, opened,
                    opened, opened + timedelta(hours=hours) if state in ("closed", "cancelled") else None,
                )
            )  # fmt: skip
            deltas = {"opened": 1, "payments": 1, "paid_government_fee": government}
            deltas.update(paid_centre_fee=centre_fee, paid_vat=vat)
            if done:
                deltas.update({"completed": 1, f"c{bucket_of(hours):02d}": 1})
                deltas["on_time" if opened + timedelta(hours=hours) <= due else "late"] = 1
            elif state == "cancelled":
                deltas["cancelled"] = 1
            daily[(day_start.date(), centre, service)].update(deltas)  # counted on the opening day
            monthly[(day_start.date().replace(day=1), wilayat, service)].update(deltas)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)
            _insert(
                DailyStat,
                ("day", "centre_id", "service_id", "wilayat_id", "governorate_id", "institution_id"),
                MEASURES,
                (
                    ((d, c, s, wilayat_of[c], governorate_of[wilayat_of[c]], institution_of[s]), counter)
                    for (d, c, s), counter in daily.items()
                ),
            )
    cases_seconds = time.perf_counter() - started
    with transaction.atomic():
        _insert(
            MonthlyStat,
            ("month", "wilayat_id", "service_id", "governorate_id", "institution_id"),
            MEASURES,
            (((m, w, s, governorate_of[w], institution_of[s]), c) for (m, w, s), c in monthly.items()),
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
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"seconds": time.perf_counter() - started, "cases_seconds": cases_seconds}


def _raw_group_by():
    """The same figures as the API's headline, governorates, months and institutions, straight from
    the cases table (what a dashboard without rollups would run)."""
    from datetime import date

    from django.db.models import Count, Q
    from django.db.models.functions import TruncMonth
    from django.utils import timezone

    from sanad.cases.models import Case

    year = timezone.localdate().year
    cases = Case.objects.filter(
        created_at__date__gte=date(year, 1, 1), created_at__date__lte=date(year, 12, 31)
    )
    done = Q(state__in=("completed", "closed"))
    return (
        list(cases.order_by().values("centre__wilayat__governorate_id").annotate(n=Count("id"))),
        list(cases.order_by().annotate(m=TruncMonth("created_at")).values("m").annotate(n=Count("id"))),
        list(
            cases.order_by()
            .values("service__institution_id")
            .annotate(n=Count("id"), done=Count("id", filter=done))
        ),
    )


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def _stats(timed: tuple[list[float], list[float], list[float]]) -> str:
    wall, cpu, server = timed
    db = f" | {statistics.median(server):.1f} | {_p95(server):.1f}" if server else " | – | –"
    return (
        f"{len(wall)} | {statistics.mean(wall):.1f} | {statistics.median(wall):.1f} | {_p95(wall):.1f} | "
        f"{max(wall):.1f} | {statistics.median(cpu):.1f} | {_p95(cpu):.1f}{db}"
    )


def _backend_cpu_ms() -> float | None:
    """CPU milliseconds used so far by this connection's PostgreSQL backend (same machine only)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _time(func, runs: int) -> tuple[list[float], list[float], list[float]]:
    """Wall-clock and CPU milliseconds per run (CPU time is this process's: on SQLite it includes the
    database's work, and it is what a shared, loaded machine does not distort), and on PostgreSQL the
    server's CPU for the run (at the kernel's clock-tick resolution, 10 ms)."""
    func()  # warm up
    wall, cpu, server = [], [], []
    for _ in range(runs):
        before = _backend_cpu_ms()
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        after = _backend_cpu_ms()
        if before is not None and after is not None:
            server.append(after - before)
    return wall, cpu, server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--raw-runs", type=int, default=5)
    parser.add_argument("--existing", action="store_true", help="read an already seeded database")
    args = parser.parse_args()
    _setup(os.environ.get("BENCH_DATABASE_URL"), existing=args.existing)

    from django.db import connection
    from django.test import Client

    from sanad.accounts.models import User
    from sanad.analytics.filters import parse_filters
    from sanad.analytics.models import DailyStat, MonthlyStat
    from sanad.analytics.selectors import national_stats
    from sanad.cases.models import Case

    load_start = os.getloadavg()
    seeded = None if args.existing else _seed(args.cases, Random(2026))
    regulator = User.objects.get(username="demo-regulator")
    client = Client()
    client.force_login(regulator)

    def api():
        response = client.get("/api/v1/stats/national/")
        assert response.status_code == 200, response.content[:300]
        return response

    def page():
        response = client.get("/regulator/")
        assert response.status_code == 200
        return response

    body = api().json()
    raw = _raw_group_by()
    assert body["cases"] == sum(r["n"] for r in raw[0]), "rollups and raw rows disagree"
    assert args.existing or body["cases"] == Case.objects.count()
    if args.existing:
        # a seeded history runs back twelve months, so some of this year's completions are of cases
        # opened last year: the headline counts completions in the year, as the rollups do
        from datetime import date

        from django.utils import timezone

        from sanad.cases.models import CaseEvent

        year = timezone.localdate().year
        completions = CaseEvent.objects.filter(
            action="complete",
            created_at__date__gte=date(year, 1, 1),
            created_at__date__lte=date(year, 12, 31),
        ).count()
        assert body["completed"] == completions, (body["completed"], completions)
    else:
        assert body["completed"] == sum(r["done"] for r in raw[2])

    how = (
        "an existing database"
        if seeded is None
        else f"seeded in {seeded['seconds']:.0f} s (cases and daily rows {seeded['cases_seconds']:.0f} s)"
    )
    print(f"\n{connection.vendor}: {Case.objects.count():,} cases ({body['cases']:,} this year), "
          f"{DailyStat.objects.count():,} daily rows, {MonthlyStat.objects.count():,} month × wilayat × "
          f"service rows; {how}; load average at the start {load_start[0]:.2f}\n")  # fmt: skip
    print("| what | runs | mean ms | median ms | p95 ms | max ms | CPU median ms | CPU p95 ms | DB CPU median ms | DB CPU p95 ms |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    f = parse_filters({})
    print(
        f"| national_stats (selector, current year) | {_stats(_time(lambda: national_stats(f), args.runs))} |"
    )
    print(f"| GET /api/v1/stats/national/ | {_stats(_time(api, args.runs))} |")
    print(f"| GET /regulator/ (national dashboard page) | {_stats(_time(page, args.runs))} |")
    muscat = parse_filters({"governorate": "OM-MA"})
    print(
        f"| national_stats, governorate=OM-MA | {_stats(_time(lambda: national_stats(muscat), args.runs))} |"
    )
    rop = parse_filters({"institution": "ROP"})
    print(f"| national_stats, institution=ROP | {_stats(_time(lambda: national_stats(rop), args.runs))} |")
    print(f"| raw GROUP BY over cases (governorate, month, institution) | {_stats(_time(_raw_group_by, args.raw_runs))} |")  # fmt: skip
    load_end = os.getloadavg()
    print(f"\nload average at the end: {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
