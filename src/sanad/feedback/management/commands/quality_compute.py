"""`sanad quality_compute --month 2026-11 [--formula 1]`: count a month's figures from the raw rows
and score every listed centre by a version of the published formula (the one in force by default).
A month published under an older version is reproduced by naming that version."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from sanad.feedback import formula as formulas
from sanad.feedback.services.quality import quality_compute


class Command(BaseCommand):
    help = "Compute the quality index of one month (YYYY-MM) by one version of the formula."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM (Asia/Muscat)")
        parser.add_argument(
            "--formula", type=int, default=None, help=f"version (known: {sorted(formulas.FORMULAS)})"
        )

    def handle(self, *args, month: str, formula=None, **options):
        try:
            year, number = (int(part) for part in month.split("-"))
            period = date(year, number, 1)
        except ValueError:
            raise CommandError(f"--month must be YYYY-MM, not {month!r}") from None
        try:
            chosen = formulas.by_version(formula)
        except KeyError as exc:
            raise CommandError(str(exc.args[0])) from None
        scored = quality_compute(period=period, version=chosen.version)
        self.stdout.write(f"{period:%Y-%m}: formula version {chosen.version}, {scored} centres with an index")
