"""Validators for Omani identity numbers and phone numbers (DESIGN.md §5 'Identity').

Civil numbers (Omani citizens) and resident card numbers (residents) are printed on the card as
digits only. Neither has a published check-digit algorithm, so validation is on the shape: digits
only (Arabic-Indic digits accepted and converted), 6 to 10 of them, not a repeated single digit.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_DIGIT_MAP = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
ID_MIN_DIGITS = 6
ID_MAX_DIGITS = 10


def to_ascii_digits(value: str) -> str:
    return value.translate(_DIGIT_MAP)


def normalise_id_number(value) -> str:
    """Return the canonical form of a civil or resident card number, or raise ValidationError."""
    text = to_ascii_digits(str(value or "")).strip().replace(" ", "").replace("-", "")
    if not text:
        raise ValidationError(_("Enter a civil number."), code="required")
    if not text.isascii() or not text.isdigit():
        raise ValidationError(_("A civil number contains digits only."), code="not_digits")
    if not ID_MIN_DIGITS <= len(text) <= ID_MAX_DIGITS:
        raise ValidationError(
            _("A civil number has between %(min)d and %(max)d digits.")
            % {"min": ID_MIN_DIGITS, "max": ID_MAX_DIGITS},
            code="length",
        )
    if len(set(text)) == 1 or text.startswith("0"):
        raise ValidationError(
            _("This is not a valid civil number: copy it from the identity card (it does not start with 0)."),
            code="invalid",
        )
    return text


def validate_id_number(value) -> None:
    normalise_id_number(value)


def normalise_phone(value) -> str:
    """Return the E.164 form (+968XXXXXXXX) of a phone number, or raise ValidationError.

    Numbers without a country code are read as Omani. Omani numbers must be mobile numbers
    (SMS goes to them); foreign numbers must be valid in their own country."""
    text = to_ascii_digits(str(value or "")).strip()
    if not text:
        raise ValidationError(_("Enter a mobile number."), code="required")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, "OM")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("This is not a phone number: write the 8 digits (e.g. 9123 4567), or + and the country code."),
            code="unparsable",
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "This is not a valid phone number: an Omani mobile number has 8 digits and starts with 7 or 9;"
                " a foreign one starts with + and the country code."
            ),
            code="invalid",
        )
    if number.country_code == 968 and phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError(
            _("Enter an Omani mobile number: 8 digits starting with 7 or 9."), code="not_mobile"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value) -> None:
    normalise_phone(value)
