"""A service version's form, as data: validating what a citizen or clerk typed into it, and the
same form as a JSON Schema for institution systems.

The server is the judge: `form_data_clean` checks every value against the field's type and
constraints and answers with a translated message per field.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sanad.accounts.identity import normalise_id_number, normalise_phone, to_ascii_digits

from .constants import FieldType

DEFAULT_MAX_LENGTH = {FieldType.TEXTAREA: 2000}
TEXT_MAX_LENGTH = 200
VEHICLE_PLATE = re.compile(r"^[0-9]{1,5} ?[A-Z\u0621-\u064A]{1,2}$")
CR_NUMBER = re.compile(r"^[0-9]{6,10}$")
TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off", ""}


class _Invalid(Exception):
    pass


def _string(value, field) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _Invalid(_("Enter text."))
    text = str(value).strip()
    constraints = field.get("constraints") or {}
    max_length = constraints.get("max_length", DEFAULT_MAX_LENGTH.get(field["type"], TEXT_MAX_LENGTH))
    if len(text) > max_length:
        raise _Invalid(
            _("At most %(limit)d characters (this has %(n)d).") % {"limit": max_length, "n": len(text)}
        )
    if len(text) < constraints.get("min_length", 0):
        raise _Invalid(
            _("At least %(limit)d characters (this has %(n)d).")
            % {"limit": constraints["min_length"], "n": len(text)}
        )
    return text


def _length_words(constraints) -> str:
    low, high = constraints.get("min_length"), constraints.get("max_length")
    if low and high and low == high:
        return _("exactly %(n)d of them") % {"n": high}
    if low and high:
        return _("%(low)d to %(high)d of them") % {"low": low, "high": high}
    if high:
        return _("up to %(n)d of them") % {"n": high}
    if low:
        return _("at least %(n)d of them") % {"n": low}
    return ""


def pattern_message(field) -> str:
    """What a value must look like, in words, for the common patterns (digits only, an Omani mobile
    number, Latin letters and digits); the field's help text for any other pattern."""
    constraints = field.get("constraints") or {}
    pattern = constraints.get("pattern") or ""
    length = _length_words(constraints)
    if pattern in ("^[0-9]+$", "^\\d+$", "[0-9]+", "\\d+"):
        return _("Digits only (0–9), %(length)s.") % {"length": length} if length else _("Digits only (0–9).")
    if pattern == "^(\\+968)?[79][0-9]{7}$":
        return _("An Omani mobile number: 8 digits starting with 7 or 9.")
    if pattern in ("^[A-Za-z0-9]+$", "^[A-Z0-9]+$"):
        return (
            _("Latin letters and digits only, without spaces, %(length)s.") % {"length": length}
            if length
            else _("Latin letters and digits only, without spaces.")
        )
    english = (get_language() or "ar").startswith("en")
    help_text = field.get("help_en" if english else "help_ar") or field.get("help_ar") or ""
    if help_text:
        return _("Write it as asked: %(help)s") % {"help": help_text}
    return _("This is not in the form this service asks for. Check it against the document.")


def _pattern(text: str, field) -> str:
    pattern = (field.get("constraints") or {}).get("pattern")
    if pattern and not re.fullmatch(pattern, text):
        raise _Invalid(pattern_message(field))
    return text


def _number(value, field):
    constraints = field.get("constraints") or {}
    if isinstance(value, bool):
        raise _Invalid(_("Enter a number."))
    try:
        number = Decimal(to_ascii_digits(str(value)).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise _Invalid(_("Enter a number.")) from None
    if not number.is_finite():
        raise _Invalid(_("Enter a number."))
    if constraints.get("integer") and number != number.to_integral_value():
        raise _Invalid(_("Enter a whole number."))
    if "min" in constraints and number < Decimal(str(constraints["min"])):
        raise _Invalid(_("Enter %(min)s or more.") % {"min": constraints["min"]})
    if "max" in constraints and number > Decimal(str(constraints["max"])):
        raise _Invalid(_("Enter %(max)s or less.") % {"max": constraints["max"]})
    # Whole numbers as integers; other amounts as exact decimal text (never a float).
    return int(number) if number == number.to_integral_value() else format(number.normalize(), "f")


def _date(value, field) -> str:
    constraints = field.get("constraints") or {}
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(to_ascii_digits(str(value)).strip())
        except ValueError:
            raise _Invalid(_("Enter a date as YYYY-MM-DD.")) from None
    today = timezone.localdate()
    if constraints.get("not_before_today") and day < today:
        raise _Invalid(_("The date cannot be in the past."))
    if constraints.get("not_after_today") and day > today:
        raise _Invalid(_("The date cannot be in the future."))
    return day.isoformat()


def _choice(value, field) -> str:
    choices = [c["value"] for c in (field.get("constraints") or {}).get("choices", [])]
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text not in choices:
        raise _Invalid(_("Choose one of the options."))
    return text


def _boolean(value, field) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _Invalid(_("Answer yes or no."))


def _validated(func, text):
    try:
        return func(text)
    except ValidationError as exc:
        raise _Invalid(" ".join(str(m) for m in exc.messages)) from None


def _civil_number(value, field) -> str:
    return _pattern(_validated(normalise_id_number, _string(value, field)), field)


def _phone(value, field) -> str:
    return _pattern(_validated(normalise_phone, _string(value, field)), field)


def _email(value, field) -> str:
    text = _string(value, field)
    _validated(validate_email, text)
    return _pattern(text.lower(), field)


def _vehicle_plate(value, field) -> str:
    text = " ".join(to_ascii_digits(_string(value, field)).upper().split())
    if not VEHICLE_PLATE.match(text):
        raise _Invalid(_("Enter the plate number and its letters, e.g. 12345 AB."))
    return _pattern(text, field)


def _cr_number(value, field) -> str:
    text = to_ascii_digits(_string(value, field)).replace(" ", "")
    if not CR_NUMBER.match(text):
        raise _Invalid(_("A commercial registration number contains digits only."))
    return _pattern(text, field)


def _text(value, field) -> str:
    return _pattern(_string(value, field), field)


CLEANERS = {
    FieldType.TEXT: _text,
    FieldType.TEXTAREA: _text,
    FieldType.NUMBER: _number,
    FieldType.DATE: _date,
    FieldType.CHOICE: _choice,
    FieldType.BOOLEAN: _boolean,
    FieldType.CIVIL_NUMBER: _civil_number,
    FieldType.PHONE: _phone,
    FieldType.EMAIL: _email,
    FieldType.VEHICLE_PLATE: _vehicle_plate,
    FieldType.CR_NUMBER: _cr_number,
}


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def form_data_clean(fields: list[dict], data) -> tuple[dict, dict]:
    """(cleaned, errors) for `data` against the field definitions. Call inside the wanted language."""
    if not isinstance(data, dict):
        return {}, {"non_field_errors": [_("The form data must be an object of field values.")]}
    cleaned, errors = {}, {}
    known = {f["key"] for f in fields}
    for key in data:
        if key not in known:
            errors[str(key)] = [_("This field is not part of the service form.")]
    for field in fields:
        key, value = field["key"], data.get(field["key"])
        if is_blank(value) or (field["type"] == FieldType.BOOLEAN and value is False and field["required"]):
            if field["required"]:
                errors[key] = [_("This field is required.")]
            elif field["type"] == FieldType.BOOLEAN:
                cleaned[key] = False
            continue
        try:
            cleaned[key] = CLEANERS[field["type"]](value, field)
        except _Invalid as exc:
            errors[key] = [str(exc)]
    return cleaned, errors


_SCHEMA_FORMATS = {
    FieldType.DATE: {"type": "string", "format": "date"},
    FieldType.EMAIL: {"type": "string", "format": "email"},
    FieldType.NUMBER: {"type": ["number", "string"]},
    FieldType.BOOLEAN: {"type": "boolean"},
}


def form_json_schema(fields: list[dict]) -> dict:
    """The form as a JSON Schema (draft 2020-12) document, with Arabic and English labels."""
    properties = {}
    for field in fields:
        constraints = field.get("constraints") or {}
        prop = dict(_SCHEMA_FORMATS.get(field["type"], {"type": "string"}))
        prop.update(
            {
                "title": field["label_en"],
                "x-title-ar": field["label_ar"],
                "x-sanad-type": field["type"],
            }
        )
        if field.get("help_en"):
            prop["description"] = field["help_en"]
        if field.get("help_ar"):
            prop["x-description-ar"] = field["help_ar"]
        for ours, theirs in (
            ("max_length", "maxLength"),
            ("min_length", "minLength"),
            ("pattern", "pattern"),
        ):
            if ours in constraints:
                prop[theirs] = constraints[ours]
        for ours, theirs in (("min", "minimum"), ("max", "maximum")):
            if ours in constraints:
                prop[theirs] = constraints[ours]
        if constraints.get("integer"):
            prop["type"] = "integer"
        if field["type"] == FieldType.CHOICE:
            prop["enum"] = [c["value"] for c in constraints.get("choices", [])]
            prop["x-choices"] = constraints.get("choices", [])
        properties[field["key"]] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": [f["key"] for f in fields if f.get("required")],
    }
