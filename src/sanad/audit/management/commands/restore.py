"""`sanad restore --from DIR`: into an empty database and empty document storage only."""

from django.core.management.base import BaseCommand, CommandError

from sanad.audit.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into an empty database and storage; verify counts and the audit chain."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", required=True, dest="source", help="a directory written by `sanad backup`"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, source, database="default", **options):
        try:
            manifest = restore(source, using=database)
        except BackupError as exc:
            raise CommandError(f"restore refused: {exc}") from exc
        self.stdout.write(
            f"restored {len(manifest['tables'])} tables ({sum(manifest['tables'].values())} rows) and "
            f"{len(manifest['documents'])} documents; counts match the manifest; "
            f"audit chain intact up to row {manifest['audit_head']['id']}"
        )
