from django.core.management.base import BaseCommand

from sanad.analytics.services import stats_rebuild


class Command(BaseCommand):
    help = "Rebuild the statistics rollups from cases, case events, payments and refunds."

    def handle(self, *args, **options):
        counts = stats_rebuild()
        self.stdout.write(
            f"Rebuilt {counts['daily']} daily, {counts['monthly']} monthly and {counts['clerks']} per-clerk rows."
        )
