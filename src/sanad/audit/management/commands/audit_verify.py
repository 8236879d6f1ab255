"""`sanad audit_verify`: walk the audit chain; exit 1 naming the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from sanad.audit import chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain from the first row to the last."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database="default", **options):
        checked, broken = chain.verify(using=database)
        if broken is not None:
            raise CommandError(
                f"audit chain broken at row {broken.id}: {broken.reason} ({checked} rows verified before it)"
            )
        head = chain.chain_head(using=database)
        self.stdout.write(f"audit chain intact: {checked} rows, head {head['id']} {head['hash']}")
