"""`sanad audit_verify`: seal what is pending, then walk the audit chain; exit 1 naming the first
broken link."""

from django.core.management.base import BaseCommand, CommandError

from sanad.audit import chain


class Command(BaseCommand):
    help = "Seal the rows written since the last seal, then check the audit trail's hash chain."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--no-seal", action="store_true", help="verify the sealed rows only (write nothing)"
        )

    def handle(self, *args, database="default", no_seal=False, **options):
        checked, broken = chain.verify(using=database, seal_first=not no_seal)
        if broken is not None:
            raise CommandError(
                f"audit chain broken at row {broken.id}: {broken.reason} ({checked} rows verified before it)"
            )
        head = chain.chain_head(using=database)
        self.stdout.write(f"audit chain intact: {checked} rows, head {head['id']} {head['hash']}")
