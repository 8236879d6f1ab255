"""Re-encrypt every connector's secrets under the first key of SANAD_SECRETS_KEYS (step 2 of a key
rotation, encryption.py), or print a new key to put first (`--new-key`)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from sanad.integrations import encryption
from sanad.integrations.models import Connector


class Command(BaseCommand):
    help = "Re-encrypt the connectors' secrets under the first SANAD_SECRETS_KEYS key (or print a new key)."

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true", help="print a new key and change nothing")

    def handle(self, *args, new_key=False, **options):
        if new_key:
            self.stdout.write(encryption.new_key())
            return
        rotated = 0
        with transaction.atomic():
            for connector in Connector.objects.select_for_update().exclude(secrets_encrypted=""):
                Connector.objects.filter(pk=connector.pk).update(
                    secrets_encrypted=encryption.rotate(connector.secrets_encrypted)
                )
                rotated += 1
        self.stdout.write(f"{rotated} connector(s) re-encrypted under the first key.")
