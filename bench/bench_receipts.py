"""How long a receipt PDF takes to make (WeasyPrint, Amiri, QR code), A4 and 80 mm thermal.

    .venv/bin/python bench/bench_receipts.py [--n 40]

Runs on its own throw-away SQLite database (a temporary SANAD_VAR_DIR, migrated, one licensed centre,
one paid case), so it never touches your data. Prints the median, 90th percentile and mean time per
PDF, and the PDF size. Figures go to docs/PERFORMANCE.md."""

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
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    import logging

    import django
    from django.core.management import call_command

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)


def paid_receipt():
    from sanad.payments.tests.factories import citizen, licensed_centre, open_walk_in, pay_cash, staff

    centre = licensed_centre()
    clerk = staff(centre)
    payment = pay_cash(open_walk_in(centre, clerk, citizen()), clerk)
    return payment.receipt


def measure(render, n: int) -> tuple[list[float], int]:
    render()  # warm-up: fonts loaded and cached, templates compiled
    times, size = [], 0
    for _ in range(n):
        start = time.perf_counter()
        size = len(render())
        times.append(time.perf_counter() - start)
    return times, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="PDFs per layout (default 40)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sanad-bench-") as var_dir:
        setup(var_dir)
        from sanad.payments.pdf import receipt_pdf

        receipt = paid_receipt()
        print(f"receipt {receipt.number}, {args.n} PDFs per layout")
        print(f"{'layout':<10}{'median ms':>12}{'p90 ms':>10}{'mean ms':>10}{'size KB':>10}")
        for layout in ("a4", "thermal"):
            times, size = measure(lambda layout=layout: receipt_pdf(receipt, layout=layout), args.n)
            ms = sorted(t * 1000 for t in times)
            p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
            print(
                f"{layout:<10}{statistics.median(ms):>12.0f}{p90:>10.0f}{statistics.fmean(ms):>10.0f}{size / 1024:>10.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
