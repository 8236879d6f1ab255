"""Two-factor sign-in (TOTP, django-otp) for the accounts that can see the whole network or an
institution's: the regulator, institution officers and administrators (staff or superuser).

A password alone never signs such an account in: the web sign-in stops half-way (the account is
remembered in the session as *pending*, not signed in) until a code from the authenticator app, or
one of the recovery codes, is given; an account without a device is enrolled there and then. The
API token endpoint asks for the code in the same call (`otp`). A wrong code counts as a failed
sign-in for django-axes, so codes lock the account out like passwords do.
"""

import base64
import binascii
import io
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanad.core.errors import ValidationFailed

from .constants import Role

SECOND_FACTOR_ROLES = frozenset({Role.REGULATOR, Role.INSTITUTION_OFFICER, Role.ADMIN})
TOTP_NAME = "authenticator"
STATIC_NAME = "recovery"
RECOVERY_CODE_COUNT = 10


def needs_second_factor(user) -> bool:
    """The regulator, officers and administrators (including any staff or superuser account)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.role in SECOND_FACTOR_ROLES or user.is_staff or user.is_superuser


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("id").first()


def is_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _clean(code) -> str:
    return "".join(str(code or "").split()).replace("-", "").lower()


def code_verify(*, user, code, request=None):
    """The device that accepts this code (TOTP first, then a recovery code, used once), or None.
    A wrong code is a failed sign-in for django-axes (credentials: the username)."""
    token = _clean(code)
    device = None
    if token:
        # Six digits are the app's code; anything else can only be a recovery code.
        model = TOTPDevice if token.isdigit() else StaticDevice
        with transaction.atomic():
            for candidate in model.objects.select_for_update().filter(user=user, confirmed=True):
                if candidate.verify_token(token):
                    device = candidate
                    break
    if device is None:
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
    return device


def is_locked_out(request, user) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, credentials={"username": user.get_username()})


# --- Enrolment ---------------------------------------------------------------------------------


def totp_enrol_start(*, user) -> TOTPDevice:
    """The unconfirmed device being set up (made once; the same secret until it is confirmed)."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def totp_enrol_confirm(*, user, code, request=None) -> list[str]:
    """Confirm the device with a first code from the app; returns the new recovery codes (shown
    once). A wrong code: ValidationFailed, nothing changes (the device stays unconfirmed)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        token = _clean(code)
        if device is None or not token.isdigit() or not device.verify_token(token):
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=request
            )
            raise ValidationFailed(
                _("The code is not correct. Enter the six digits your app shows now."),
                errors={"code": [_("The code is not correct. Enter the six digits your app shows now.")]},
            )
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        return recovery_codes_renew(user=user)


def recovery_codes_renew(*, user, codes: list[str] | None = None) -> list[str]:
    """A new set of recovery codes (each works once); the old ones stop working."""
    codes = codes or [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=STATIC_NAME, confirmed=True)
        StaticToken.objects.bulk_create([StaticToken(device=device, token=_clean(c)) for c in codes])
    return codes


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def totp_reset(*, user) -> None:
    """Remove every device (an administrator's remedy for a lost phone): enrolment again at the
    next sign-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


# --- What the enrolment page shows -----------------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    secret: str  # base32, grouped by four for typing into an app
    uri: str  # otpauth:// URI (what the QR code holds)
    qr_svg: str  # an inline <svg> element, drawn here (no request leaves the server)


def enrolment_for(device: TOTPDevice) -> Enrolment:
    import qrcode
    import qrcode.image.svg

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    svg = svg[svg.index("<svg") :]  # without the XML declaration: it is inlined in the page
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return Enrolment(secret=grouped, uri=device.config_url, qr_svg=svg)


def hex_key_from_base32(secret: str) -> str:
    """A TOTPDevice key (hex) from a base32 secret, as authenticator apps show it."""
    cleaned = "".join(secret.split()).upper()
    cleaned += "=" * (-len(cleaned) % 8)
    try:
        return binascii.hexlify(base64.b32decode(cleaned)).decode()
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed(_("This is not a base32 secret.")) from exc


def issuer() -> str:
    return getattr(settings, "OTP_TOTP_ISSUER", "Sanad")
