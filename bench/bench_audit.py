"""What the audit trail costs a case transition: time and database statements per transition with
the recorder on and off, and the cost of `audit_verify` per row.

    .venv/bin/python bench/bench_audit.py [--n 300]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch db> .venv/bin/python bench/bench_audit.py

Runs on its own throw-away SQLite database (a temporary SANAD_VAR_DIR, migrated) unless
BENCH_DATABASE_URL names a scratch PostgreSQL database (migrated here; its data is left behind).
Each round is a send-back and a response (two transitions) on one walk-in case, inside one
transaction per transition, as the web and API do. Figures go to docs/PERFORMANCE.md."""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup(var_dir: str) -> None:
    os.environ["SANAD_VAR_DIR"] = var_dir
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from sanad.celery import app

    # Side effects are queued in memory: this measures the transition and its audit rows, not the
    # broker's disk writes (the same in both settings).
    app.conf.broker_url = "memory://"


def rounds(case, clerk, n: int) -> tuple[list[float], float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sanad.cases.services import case_transition

    times, statements = [], 0
    for _ in range(n):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            case_transition(case_id=case.pk, action="send_back", actor=clerk, note="صورة غير واضحة")
            case_transition(case_id=case.pk, action="respond", actor=clerk)
            times.append((time.perf_counter() - start) / 2)
        statements += len(queries)
    return times, statements / (2 * n)


def row(label: str, times: list[float], per: float) -> str:
    ms = sorted(t * 1000 for t in times)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    return f"| {label} | {len(ms) * 2} | {statistics.median(ms):.2f} | {p90:.2f} | {statistics.fmean(ms):.2f} | {per:.1f} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="rounds per setting (two transitions each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sanad-bench-") as var_dir:
        setup(var_dir)
        from django.db import connection

        from sanad.audit import chain, recorder
        from sanad.audit.context import acting_as
        from sanad.cases.services import case_transition
        from sanad.cases.tests.factories import citizen, licensed_centre, open_walk_in, staff

        centre = licensed_centre(name=f"مركز القياس {time.time_ns()}")
        clerk = staff(centre)
        case = open_walk_in(centre, clerk, citizen())
        with acting_as(clerk):
            case_transition(case_id=case.pk, action="start", actor=clerk)
            rounds(case, clerk, 10)  # warm-up
            print(f"{connection.vendor}, {args.n} rounds per setting")
            print("| recorder | transitions | median ms | p90 ms | mean ms | statements per transition |")
            print("| --- | ---: | ---: | ---: | ---: | ---: |")
            # Alternate blocks so that the machine's load drifts over both settings alike.
            on, off = ([], []), ([], [])
            for _block in range(6):
                for setting, results in (("on", on), ("off", off)):
                    if setting == "off":
                        recorder.disconnect()
                    times, per = rounds(case, clerk, max(args.n // 6, 1))
                    recorder.connect()
                    results[0].extend(times)
                    results[1].append(per)
            on = (on[0], statistics.fmean(on[1]))
            off = (off[0], statistics.fmean(off[1]))
            print(row("on", *on))
            print(row("off", *off))
        start = time.perf_counter()
        checked, broken = chain.verify()
        elapsed = time.perf_counter() - start
        print(
            f"audit_verify: {checked} rows in {elapsed:.2f} s ({elapsed / max(checked, 1) * 1e6:.0f} µs per row), broken={broken}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
