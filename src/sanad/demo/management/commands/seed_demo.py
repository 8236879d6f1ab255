import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from sanad.core.guards import demo_data_present


class Command(BaseCommand):
    help = "Create the demo network (idempotent). Refuses to run in production."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if demo data is already loaded."
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw the progress bar.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed for generated data.")
        parser.add_argument(
            "--cases",
            type=int,
            default=None,
            help="How many demo cases to generate (default: a small history).",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production (SANAD_ENV=production).")
        if options["if_empty"] and demo_data_present():
            self.stdout.write("Demo data already loaded.")
            return
        if connection.vendor == "sqlite" and not connection.in_atomic_block:  # a big load: more page cache
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
                cursor.execute("PRAGMA temp_store = MEMORY")
        from sanad.demo import steps  # noqa: F401  (registers the steps)
        from sanad.demo.registry import STEPS

        total = sum(s.units(options) for s in STEPS)
        results = []
        with tqdm(total=total, unit="step", disable=options["no_progress"], file=self.stderr._out) as bar:
            for seed_step in STEPS:
                bar.set_description(seed_step.name)
                started = time.perf_counter()
                summary = seed_step.run(options, bar.update)
                results.append((seed_step.name, summary, time.perf_counter() - started))
        for name, summary, seconds in results:
            self.stdout.write(f"{name}: {summary} ({seconds:.1f} s)")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
