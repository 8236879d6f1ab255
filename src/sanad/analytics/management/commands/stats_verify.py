from django.core.management.base import BaseCommand, CommandError

from sanad.analytics.services import stats_differences


class Command(BaseCommand):
    help = (
        "Recompute every statistic from the raw tables and compare it with the rollups; "
        "exits non-zero, naming each difference, if any figure differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=50, help="stop after this many differences")

    def handle(self, *args, limit, **options):
        differences = stats_differences(limit=limit)
        if differences:
            for line in differences:
                self.stderr.write(line)
            raise CommandError(f"{len(differences)} difference(s) between the rollups and the raw tables.")
        self.stdout.write("The rollups match the raw tables.")
