import os

from django.core.management.base import BaseCommand

from sanad.accounts.constants import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print where Sanad is served and the demo logins."

    def handle(self, *args, **options):
        from django.utils import translation

        from sanad.demo.accounts import DEMO_USERS

        translation.activate("en")
        roles = {
            "demo-clerk": "clerk at a Bawshar centre",
            "demo-manager": "manager of that centre",
            "demo-officer": "officer of the Royal Oman Police",
            "demo-citizen": "citizen, civil number 12345678",
        }

        port = os.environ.get("PORT", "8000")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Sanad is starting at http://127.0.0.1:{port}/"))
        self.stdout.write(f"  API docs:  http://127.0.0.1:{port}/api/v1/docs/")
        from django.conf import settings

        if settings.DEBUG:
            self.stdout.write("  Development server: autoreload and debug pages (DEBUG on).")
        else:
            self.stdout.write(
                "  gunicorn with DEBUG off: the product's own error pages (make dev for debug pages)."
            )
        self.stdout.write(f"  Demo logins (password: {DEMO_PASSWORD}):")
        for username, role, *_rest in DEMO_USERS:
            self.stdout.write(f"    {username:<16} {roles.get(username, role.label)}")
        from sanad.demo.twofactor import DEMO_RECOVERY_CODES, DEMO_TOTP_SECRET

        key = " ".join(DEMO_TOTP_SECRET[i : i + 4] for i in range(0, len(DEMO_TOTP_SECRET), 4))
        self.stdout.write("  Two-factor (regulator, officers, admin): after the password, a code from an")
        self.stdout.write(f"    authenticator app with the key {key}")
        self.stdout.write(
            f"    (or `sanad demo_otp`), or a recovery code {DEMO_RECOVERY_CODES[0]} … {DEMO_RECOVERY_CODES[-1]}"
        )
        self.stdout.write("    (each once per account).")
        self.stdout.write("")
