from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo accounts (development only)."

    def handle(self, *args, **options):
        from django_otp.oath import TOTP

        from sanad.accounts.twofactor import hex_key_from_base32
        from sanad.demo.twofactor import DEMO_TOTP_SECRET

        if settings.PRODUCTION:
            raise CommandError("There are no demo accounts in production.")
        totp = TOTP(bytes.fromhex(hex_key_from_base32(DEMO_TOTP_SECRET)))
        self.stdout.write(f"{totp.token():06d}")
