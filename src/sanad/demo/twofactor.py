"""Demo accounts that sign in with two-factor (regulator, officers, administrator) are enrolled
with one documented authenticator key and documented recovery codes, so `make run` stays usable:
add the key to any authenticator app, or run `sanad demo_otp` for the current code."""

from django.db import transaction

from sanad.accounts import twofactor
from sanad.accounts.models import User

from .registry import step

DEMO_TOTP_SECRET = "SANADDEMOTWOFACTORSECRETKEYOMAN2"  # noqa: S105  (base32; public, demo accounts only)
DEMO_RECOVERY_CODES = [f"demo-code-{n:02d}" for n in range(1, 11)]


def demo_accounts_with_second_factor():
    return [
        u for u in User.objects.filter(is_demo=True).order_by("username") if twofactor.needs_second_factor(u)
    ]


@step("two-factor")
def seed_two_factor(options, progress) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = twofactor.hex_key_from_base32(DEMO_TOTP_SECRET)
    enrolled = 0
    with transaction.atomic():
        for user in demo_accounts_with_second_factor():
            if twofactor.is_enrolled(user):
                continue
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(user=user, name=twofactor.TOTP_NAME, key=key, confirmed=True)
            twofactor.recovery_codes_renew(user=user, codes=DEMO_RECOVERY_CODES)
            enrolled += 1
    progress(1)
    return f"{enrolled} demo accounts enrolled for two-factor sign-in"
