"""`sanad audit_seal`: link the audit rows written since the last seal onto the hash chain."""

from django.core.management.base import BaseCommand

from sanad.audit import chain


class Command(BaseCommand):
    help = "Seal the audit rows written since the last seal (the beat task does this every minute)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database="default", **options):
        sealed = chain.seal(using=database)
        head = chain.chain_head(using=database)
        self.stdout.write(f"sealed {sealed} rows; head {head['id']} {head['hash']}")
