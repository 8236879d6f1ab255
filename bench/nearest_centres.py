"""Nearest-centre benchmark: 1,000 "nearest 10 centres to this point" queries over the demo network.

    .venv/bin/python bench/nearest_centres.py [--queries 1000] [--limit 10]

Builds a fresh database in a temporary folder (SQLite by default; set DATABASE_URL for PostgreSQL),
loads the demo network (~920 licensed centres), then times, for the same random points in Oman:
the bounding-box query (selectors.centres_nearest), a brute-force reference (every centre's distance
in Python) and the public API (GET /api/v1/centres/?near=…&service=…). Prints a Markdown table.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]


def _setup(database_url: str | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="sanad-bench-"))
    os.environ["SANAD_VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sanad.demo import steps  # noqa: F401  (registers the steps)
    from sanad.demo.registry import STEPS

    options = {"seed": 2026, "no_progress": True, "if_empty": False, "cases": 0}
    for step in STEPS:
        step.run(options, lambda n: None)
        if step.name == "centres":
            break


def _timed(func, points) -> list[float]:
    samples = []
    for point in points:
        start = time.perf_counter()
        func(point)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _row(name: str, points: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (
        f"| {name} | {points} | {len(samples)} | {statistics.mean(samples):.2f} | {statistics.median(samples):.2f} "
        f"| {p95:.2f} | {max(samples):.2f} | {sum(samples) / 1000:.2f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--api-requests", type=int, default=200)
    args = parser.parse_args()
    _setup(os.environ.get("BENCH_DATABASE_URL"))

    from django.db import connection
    from django.test import Client

    from sanad.centres import selectors
    from sanad.centres.geometry import haversine_km, point_in_oman

    rng = Random(42)
    public = selectors.centres_public()
    count = public.count()
    positions = list(public.values_list("latitude", "longitude"))
    # Where people search from: around the towns (within ~5 km of a centre), and anywhere in Oman.
    towns = [
        (lat + rng.gauss(0, 0.03), lon + rng.gauss(0, 0.03))
        for lat, lon in rng.choices(positions, k=args.queries)
    ]
    anywhere = []
    while len(anywhere) < args.queries:
        lat, lon = rng.uniform(16.7, 26.3), rng.uniform(52.0, 59.8)
        if point_in_oman(lat, lon):
            anywhere.append((lat, lon))

    def nearest(point):
        return selectors.centres_nearest(*point, queryset=public, limit=args.limit)

    def brute(point):
        rows = public.values_list("pk", "latitude", "longitude")
        return sorted((haversine_km(*point, a, b), pk) for pk, a, b in rows)[: args.limit]

    checks = towns[:100] + anywhere[:100]
    mismatches = sum([pk for pk, _ in nearest(p)] != [pk for _, pk in brute(p)] for p in checks)
    nearest(towns[0])  # warm-up
    client = Client()

    def api(p):
        return client.get("/api/v1/centres/", {"near": f"{p[0]:.5f},{p[1]:.5f}", "service": "ROP-DL-RENEW"})

    print(
        f"Database: {connection.vendor}; {count} listed centres; nearest {args.limit}; "
        f"{mismatches} mismatches against brute force in {len(checks)} checks.\n"
    )
    print("| query | points | runs | mean ms | median ms | p95 ms | max ms | total s |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, points in (("around the towns", towns), ("anywhere in Oman", anywhere)):
        print(
            _row(
                f"centres_nearest (bounding box + haversine), k={args.limit}", label, _timed(nearest, points)
            )
        )
        print(_row("brute force (every centre, haversine, sort)", label, _timed(brute, points)))
        print(_row("GET /api/v1/centres/?near=…&service=…", label, _timed(api, points[: args.api_requests])))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
