"""The lists people open all day, at national scale: the clerk's console and case list, the
regulator's case list with its filters, and public tracking.

Run against a database seeded with the national history (PostgreSQL for 10,000,000 cases):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/sanad migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/sanad seed_demo --cases 10000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/national_lists.py

Each request goes through the whole Django stack in this process (Django's test client: URL routing,
middleware, sessions or token auth, the view or API view, the template or serializer) against the real
database, DEBUG off; no HTTP socket and no gunicorn, so the figures are the application's own time per
request. Every request is timed for wall clock and for this process's CPU; the load average is read
before, during (after each row) and after the run. Nothing is asserted; figures go to
docs/PERFORMANCE.md.
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


def timed(rows: list, label: str, call, runs: int, *, check=None) -> None:
    call()  # warm: first-request imports and caches are not what a person waits for
    walls, cpus, statuses = [], [], set()
    for i in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        response = call(i)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        statuses.add(getattr(response, "status_code", 200))
        if check is not None:
            check(response)
    load = os.getloadavg()[0]
    rows.append((label, runs, statistics.median(walls), percentile(walls, 0.95), max(walls),
                 statistics.median(cpus), percentile(cpus, 0.95), sorted(statuses), load))  # fmt: skip
    print(
        f"{label:<70} n={runs:<4} median={rows[-1][2]:7.1f} p95={rows[-1][3]:7.1f} "
        f"cpu-median={rows[-1][5]:6.1f} cpu-p95={rows[-1][6]:6.1f} ms  status={rows[-1][7]} load={load:.1f}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    settings.DEBUG = False
    setup_test_environment()  # lets the test client run with the project's ALLOWED_HOSTS
    settings.ALLOWED_HOSTS = ["*"]

    from sanad.accounts.models import User
    from sanad.cases.models import Case
    from sanad.cases.selectors import staff_centre_id

    started = os.getloadavg()
    total = Case.objects.count() if connection.vendor == "sqlite" else _estimate()
    clerk = User.objects.get(username="demo-clerk")
    regulator = User.objects.get(username="demo-regulator")
    centre = staff_centre_id(clerk)
    at_centre = Case.objects.filter(centre_id=centre).count()
    print(f"database: {connection.vendor}, cases: about {total:,}; the demo clerk's centre: {at_centre:,}")
    print(f"load average at the start: {started[0]:.2f} {started[1]:.2f} {started[2]:.2f}")
    rows: list = []
    runs = args.runs

    staff = Client()
    staff.force_login(clerk)
    timed(rows, "clerk console: GET /centre/ (open cases by SLA)", lambda i=0: staff.get("/centre/"), runs)
    timed(
        rows,
        "clerk console: GET /centre/?view=all (every case, newest first)",
        lambda i=0: staff.get("/centre/", {"view": "all"}),
        runs,
    )
    timed(
        rows,
        "clerk console: GET /centre/?view=all&page=40",
        lambda i=0: staff.get("/centre/", {"view": "all", "page": 40}),
        runs,
    )
    timed(
        rows,
        "clerk console: GET /centre/?view=overdue",
        lambda i=0: staff.get("/centre/", {"view": "overdue"}),
        runs,
    )
    timed(rows, "clerk: GET /api/v1/cases/ (page of 50)", lambda i=0: _api(clerk).get("/api/v1/cases/"), runs)
    timed(
        rows,
        "clerk: GET /api/v1/cases/?state=awaiting_citizen",
        lambda i=0: _api(clerk).get("/api/v1/cases/", {"state": "awaiting_citizen"}),
        runs,
    )

    supervisor = Client()
    supervisor.force_login(regulator)
    year = time.gmtime().tm_year
    filters = [
        ("regulator: GET /cases/ (every case, newest first)", {}),
        ("regulator: GET /cases/?governorate=OM-MA", {"governorate": "OM-MA"}),
        ("regulator: GET /cases/?from=…&to=… (one month)", {"from": f"{year}-06-01", "to": f"{year}-06-30"}),
        ("regulator: GET /cases/?institution=ROP&from=…&to=…", {"institution": "ROP", "from": f"{year}-01-01", "to": f"{year}-12-31"}),
        ("regulator: GET /cases/?service=ROP-DL-RENEW&governorate=OM-DH", {"service": "ROP-DL-RENEW", "governorate": "OM-DH"}),
        ("regulator: GET /cases/?state=awaiting_citizen", {"state": "awaiting_citizen"}),
        ("regulator: GET /cases/?page=100", {"page": 100}),
    ]  # fmt: skip
    for label, params in filters:
        timed(rows, label, lambda i=0, p=params: supervisor.get("/cases/", p), runs)
    timed(
        rows,
        "regulator: GET /api/v1/cases/ (page of 50)",
        lambda i=0: _api(regulator).get("/api/v1/cases/"),
        runs,
    )
    timed(
        rows,
        "regulator: GET /api/v1/cases/?state=rejected&service=ROP-DL-RENEW",
        lambda i=0: _api(regulator).get("/api/v1/cases/", {"state": "rejected", "service": "ROP-DL-RENEW"}),
        runs,
    )

    sample = list(
        Case.objects.filter(pk__in=_random_ids(runs + 1)).values_list(
            "reference", "citizen__citizen_profile__id_number"
        )
    )
    pairs = [(ref, civil[-4:]) for ref, civil in sample if civil] or [("SND-2026-0000001-0", "0000")]
    public = Client()

    def track_api(i=0):
        ref, suffix = pairs[i % len(pairs)]
        return public.post("/api/v1/public/track/", {"reference": ref, "civil_suffix": suffix},
                           content_type="application/json", REMOTE_ADDR=f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}")  # fmt: skip

    def track_page(i=0):
        ref, suffix = pairs[i % len(pairs)]
        return public.post("/track/", {"reference": ref, "civil_suffix": suffix},
                           REMOTE_ADDR=f"10.{100 + i // 65536 % 100}.{i // 256 % 256}.{i % 256}")  # fmt: skip

    timed(rows, "public tracking: POST /api/v1/public/track/", track_api, runs)
    timed(rows, "public tracking: POST /track/ (the page)", track_page, runs)
    ended = os.getloadavg()
    print(f"load average at the end: {ended[0]:.2f} {ended[1]:.2f} {ended[2]:.2f}")
    print()
    print("| request | runs | median ms | p95 ms | max ms | CPU median ms | CPU p95 ms | status | load |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    for label, n, median, p95, top, cpu, cpu95, statuses, load in rows:
        print(
            f"| {label} | {n} | {median:.1f} | {p95:.1f} | {top:.1f} | {cpu:.1f} | {cpu95:.1f} | {','.join(map(str, statuses))} | {load:.1f} |"
        )
    return 0


_clients: dict = {}


def _api(user):
    from rest_framework.test import APIClient

    if user.pk not in _clients:
        client = APIClient()
        client.force_authenticate(user)
        _clients[user.pk] = client
    return _clients[user.pk]


def _estimate() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'cases_case'")
        return cursor.fetchone()[0]


def _random_ids(n: int) -> list[int]:
    import random

    from django.db.models import Max

    from sanad.cases.models import Case

    top = Case.objects.aggregate(m=Max("pk"))["m"] or 1
    rng = random.Random(14)
    return [rng.randint(1, top) for _ in range(n * 2)]


if __name__ == "__main__":
    sys.exit(main())
