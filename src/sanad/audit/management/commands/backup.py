"""`sanad backup --to DIR`: database snapshot, private documents and manifest."""

from django.core.management.base import BaseCommand, CommandError

from sanad.audit.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent snapshot of the database and the documents, with a manifest, to DIR."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, dest="target", help="a new (or empty) directory")
        parser.add_argument("--database", default="default")

    def handle(self, *args, target, database="default", **options):
        try:
            manifest = backup(target, using=database)
        except BackupError as exc:
            raise CommandError(f"backup refused: {exc}") from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"backup written to {target}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['documents'])} documents, audit head {manifest['audit_head']['id']}"
        )
