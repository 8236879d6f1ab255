"""Service search benchmark: the phrasing test set (src/sanad/catalogue/tests/phrasings.py) run
through the search selector and the public services page, at the catalogue's size and with the
catalogue grown to 10,000 published services.

    .venv/bin/python bench/search.py [--size 10000] [--rounds 3]

SQLite in a fresh temporary folder by default; with BENCH_DATABASE_URL=postgres://… the given
database is migrated and used, and the synthetic services are rolled back at the end. Prints a
Markdown table of latencies in milliseconds.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup() -> None:
    folder = Path(tempfile.mkdtemp(prefix="sanad-bench-search-"))
    os.environ["SANAD_VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = (
        os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _grow(size: int) -> int:
    """Add synthetic published services (names recombined from the real ones, per wilayat) until
    the catalogue has `size`. Returns how many were added."""
    from django.utils import timezone

    from sanad.catalogue.loader import index_fields
    from sanad.catalogue.models import Service, ServiceVersion
    from sanad.catalogue.search_index import index_rebuild
    from sanad.geo.models import Wilayat

    real = list(Service.objects.select_related("institution", "category", "current_version"))
    wilayats = list(Wilayat.objects.values_list("name_ar", "name_en"))
    missing = size - len(real)
    services, versions = [], []
    for i in range(missing):
        base = real[i % len(real)]
        w_ar, w_en = wilayats[(i // len(real)) % len(wilayats)]
        service = Service(
            code=f"{base.institution.code}-SYN-{i:05d}", institution=base.institution, category=base.category
        )
        version = ServiceVersion(
            service=service,
            number=1,
            status="published",
            category=base.category,
            name_ar=f"{base.current_version.name_ar} في {w_ar} {i}",
            name_en=f"{base.current_version.name_en} in {w_en} {i}",
            channels=base.current_version.channels,
            centre_fee_cap=1000,
            published_at=timezone.now(),
        )
        index_fields(version, service=service, institution=base.institution, category=base.category)
        services.append(service)
        versions.append(version)
    Service.objects.bulk_create(services, batch_size=1000)
    for service, version in zip(services, versions, strict=True):
        version.service = service
    ServiceVersion.objects.bulk_create(versions, batch_size=1000)
    for service, version in zip(services, versions, strict=True):
        service.current_version = version
    Service.objects.bulk_update(services, ["current_version"], batch_size=1000)
    index_rebuild()
    return missing


def _time(func, queries, rounds) -> list[float]:
    samples = []
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            func(q)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def _row(label: str, size: int, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (
        f"| {label} | {size:,} | {len(samples)} | {statistics.mean(samples):.1f} | "
        f"{statistics.median(samples):.1f} | {p95:.1f} | {max(samples):.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    _setup()
    from django.db import connection, transaction
    from django.test import Client

    from sanad.catalogue import selectors
    from sanad.catalogue.models import Service
    from sanad.catalogue.tests.phrasings import PHRASINGS

    queries = [q for q, _ in PHRASINGS]
    client = Client()

    def selector(q):
        list(selectors.services_search(q)[:24])

    def page(q):
        assert client.get("/services/", {"q": q}, HTTP_HX_REQUEST="true").status_code == 200

    print(f"database: {connection.vendor}; {len(queries)} phrasings × {args.rounds} rounds\n")
    print("| path | services | queries | mean | median | p95 | max |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    size = Service.objects.count()
    selector(queries[0])
    print(_row("selector (top 24)", size, _time(selector, queries, args.rounds)))
    print(_row("services page (HTMX)", size, _time(page, queries, args.rounds)))
    with transaction.atomic():
        added = _grow(args.size)
        size += added
        print(_row("selector (top 24)", size, _time(selector, queries, args.rounds)))
        print(_row("services page (HTMX)", size, _time(page, queries, args.rounds)))
        transaction.set_rollback(True)
    from sanad.catalogue.search_index import index_rebuild

    index_rebuild()


if __name__ == "__main__":
    main()
