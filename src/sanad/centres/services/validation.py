"""Input checks shared by the centre services (each returns a clean value or adds to `errors`)."""

import math
from datetime import date

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from sanad.accounts.identity import normalise_id_number, to_ascii_digits
from sanad.geo.models import Wilayat

from ..constants import MAX_COUNTERS
from ..geometry import point_in_oman


def clean_text(errors: dict, field: str, value, *, required: bool = True, max_length: int = 200) -> str:
    text = str(value or "").strip()
    if required and not text:
        errors.setdefault(field, []).append(_("This field is required."))
    elif len(text) > max_length:
        errors.setdefault(field, []).append(_("Use at most %(max)d characters.") % {"max": max_length})
    return text


def clean_coordinates(errors: dict, latitude, longitude) -> tuple[float | None, float | None]:
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        errors.setdefault("latitude", []).append(
            _("Enter the latitude and longitude in decimal degrees, e.g. 23.5880 and 58.3829.")
        )
        return None, None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not point_in_oman(lat, lon):
        errors.setdefault("latitude", []).append(
            _("The location must be in Oman (latitude 16.6 to 26.4, longitude 52.0 to 59.9).")
        )
        return None, None
    return lat, lon


def clean_phone(errors: dict, field: str, value) -> str:
    """A centre's phone: any valid Omani (or foreign) number, landline or mobile, stored in E.164."""
    text = to_ascii_digits(str(value or "")).strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, "OM")
        if not phonenumbers.is_valid_number(number):
            raise ValueError
    except (phonenumbers.NumberParseException, ValueError):
        errors.setdefault(field, []).append(
            _(
                "This is not a valid phone number: an Omani number has 8 digits (e.g. 2412 3456 or 9123 4567);"
                " a foreign one starts with + and the country code."
            )
        )
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_email(errors: dict, field: str, value, *, required: bool = False) -> str:
    text = str(value or "").strip()
    if not text:
        if required:
            errors.setdefault(field, []).append(_("This field is required."))
        return ""
    try:
        validate_email(text)
    except ValidationError:
        errors.setdefault(field, []).append(_("Enter an e-mail address such as name@example.om."))
    return text


def clean_counters(errors: dict, value) -> int:
    try:
        counters = int(value)
    except (TypeError, ValueError):
        counters = 0
    if not 1 <= counters <= MAX_COUNTERS:
        errors.setdefault("counters", []).append(
            _("A centre has between 1 and %(max)d counters.") % {"max": MAX_COUNTERS}
        )
    return counters


def clean_wilayat(errors: dict, code) -> Wilayat | None:
    wilayat = Wilayat.objects.select_related("governorate").filter(code=str(code or "")).first()
    if wilayat is None:
        errors.setdefault("wilayat", []).append(_("Choose a wilayat."))
    return wilayat


def clean_civil_number(errors: dict, field: str, value) -> str:
    try:
        return normalise_id_number(value)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)
        return ""


def clean_date(errors: dict, field: str, value, *, required: bool = True) -> date | None:
    if isinstance(value, date):
        return value
    if not value:
        if required:
            errors.setdefault(field, []).append(_("Enter a date."))
        return None
    try:
        return date.fromisoformat(to_ascii_digits(str(value)).strip())
    except ValueError:
        errors.setdefault(field, []).append(_("Enter a date as YYYY-MM-DD."))
        return None


def as_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "on"}
