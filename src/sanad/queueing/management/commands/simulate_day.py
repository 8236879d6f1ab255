"""sanad simulate_day: one working day for every centre through the real queue, appointment and
dispatch services; prints the waits, the share served within 15 minutes, utilisation and the
estimator's error. Rolled back unless --keep."""

import json
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from sanad.queueing.simulation import simulate_day


class Command(BaseCommand):
    help = "Simulate one working day of every centre's queue, appointments and online requests."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day (YYYY-MM-DD); default: the next working day")
        parser.add_argument("--centres", type=int, help="only the first N centres (by id)")
        parser.add_argument("--sample", type=int, default=1, help="every k-th centre only (default: all)")
        parser.add_argument("--scale", type=float, default=1.0, help="demand multiplier (1 = a real day)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--keep", action="store_true", help="keep the simulated rows (default: roll back)"
        )
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args, **options):
        day = None
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
        started = time.monotonic()

        def progress(done, total):
            if options["verbosity"] > 1 and (done % 50 == 0 or done == total):
                self.stderr.write(f"{done}/{total} centres")

        figures = simulate_day(
            day=day,
            centres=options["centres"],
            sample=options["sample"],
            seed=options["seed"],
            scale=options["scale"],
            keep=options["keep"],
            progress=progress,
        )
        figures["seconds"] = round(time.monotonic() - started, 1)
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            "\n".join(
                [
                    f"centres simulated        {figures['centres']} ({figures['counters_open']} counters open)",
                    f"tickets                  {figures['tickets']} ({figures['served']} served)",
                    f"mean wait                {figures['mean_wait_minutes']} min",
                    f"p95 wait                 {figures['p95_wait_minutes']} min",
                    f"served within 15 min     {figures['served_within_15_minutes']:.1%}",
                    f"appointments: mean wait  {figures['appointment_mean_wait_minutes']} min "
                    f"({figures['appointments_booked']} booked, {figures['appointments_checked_in']} checked in, "
                    f"{figures['appointments_late']} late)",
                    f"online requests          {figures['online_requests']} ({figures['online_claimed']} claimed)",
                    f"counter utilisation      {figures['utilisation']:.1%}",
                    f"estimate error           mean {figures['estimate_mean_error_minutes']} min, "
                    f"mean absolute {figures['estimate_mean_absolute_error_minutes']} min, "
                    f"p90 absolute {figures['estimate_p90_absolute_error_minutes']} min",
                    f"refused                  {figures['refused'] or 'none'}",
                    f"took                     {figures['seconds']} s",
                ]
            )
        )
