"""Checks of a service version's content as an institution writes it: names, channels, fees,
documents checklist, form field definitions and processing steps.

`content_clean(data)` validates the keys present in `data` (a partial update is fine) and returns
the cleaned values; `publish_problems(version)` lists what a draft still lacks before publishing.
Errors are {path: [translated message]}, e.g. {"form_fields[2].type": ["…"]}.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .constants import (
    CONSTRAINTS_BY_TYPE,
    MAX_DOCUMENT_SIZE_KB,
    MAX_FEE_BAISA,
    MAX_SLA_HOURS,
    Channel,
    DocumentFormat,
    FieldType,
)
from .models import Category, DocumentType

ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
CHOICE_VALUE = re.compile(r"^[A-Za-z0-9_+\-.]{1,40}$")
SERVICE_CODE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")

TEXT_LIMITS = {
    "name_ar": 200,
    "name_en": 200,
    "description_ar": 5000,
    "description_en": 5000,
    "fee_source": 1000,
    "fee_note_ar": 1000,
    "fee_note_en": 1000,
    "change_note": 2000,
}
CONTENT_KEYS = frozenset(
    {
        *TEXT_LIMITS,
        "category",
        "channels",
        "documents",
        "form_fields",
        "steps",
        "government_fee_min",
        "government_fee_max",
        "fee_percent",
        "fee_is_estimate",
        "sla_hours",
        "aliases_ar",
        "aliases_en",
    }
)
MAX_ALIASES = 30
MAX_ALIAS_LENGTH = 100


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


class Errors(dict):
    def add(self, path: str, message: str) -> None:
        self.setdefault(path, []).append(str(message))


def _text(errors: Errors, path: str, value, limit: int, *, arabic: bool = False) -> str | None:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.add(path, _("Enter text."))
        return None
    value = value.strip()
    if len(value) > limit:
        errors.add(path, _("Keep this under %(limit)d characters.") % {"limit": limit})
        return None
    if arabic and value and not ARABIC_LETTER.search(value):
        errors.add(path, _("Write the Arabic text in Arabic letters."))
        return None
    return value


def aliases_clean(errors: Errors, path: str, value) -> str | None:
    """Other names of a service: a list of strings, or text with one name per line (or separated by
    commas). Stored one per line, trimmed, without repeats."""
    if value is None:
        return ""
    if isinstance(value, str):
        items = re.split(r"[\n,،]+", value)
    elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        items = list(value)
    else:
        errors.add(path, _("Enter the other names as a list of texts, or one per line."))
        return None
    names = list(dict.fromkeys(" ".join(v.split()) for v in items if v.strip()))
    if len(names) > MAX_ALIASES:
        errors.add(path, _("Give at most %(limit)d other names.") % {"limit": MAX_ALIASES})
        return None
    if any(len(n) > MAX_ALIAS_LENGTH for n in names):
        errors.add(path, _("Keep each name under %(limit)d characters.") % {"limit": MAX_ALIAS_LENGTH})
        return None
    return "\n".join(names)


def _baisa(errors: Errors, path: str, value) -> int | None:
    if not is_int(value) or value < 0:
        errors.add(path, _("Enter a whole number of baisa, zero or more (1 OMR = 1000 baisa)."))
        return None
    if value > MAX_FEE_BAISA:
        errors.add(path, _("This amount is too large."))
        return None
    return value


def baisa_amount_clean(value, *, path: str) -> int:
    """A non-negative integer amount of baisa, or ValidationFailed."""
    from sanad.core.errors import ValidationFailed

    errors = Errors()
    amount = _baisa(errors, path, value)
    if errors:
        raise ValidationFailed(errors=dict(errors))
    return amount


def _bilingual(errors: Errors, path: str, item: dict, ar: str, en: str, *, required: bool, limit=200):
    values = {}
    for key in (ar, en):
        values[key] = _text(errors, f"{path}.{key}", item.get(key), limit, arabic=key == ar)
        if required and values[key] == "":
            errors.add(
                f"{path}.{key}",
                _("Enter the Arabic text.") if key == ar else _("Enter the English text."),
            )
    return values


def _channels(errors: Errors, value):
    if (
        not isinstance(value, list)
        or not value
        or any(c not in Channel.values for c in value)
        or len(set(value)) != len(value)
    ):
        errors.add("channels", _("Choose walk-in, online request, or both."))
        return None
    return [c for c in Channel.values if c in value]  # canonical order


def _documents(errors: Errors, value):
    if not isinstance(value, list):
        errors.add("documents", _("The documents checklist must be a list."))
        return None
    known = {d.code: d for d in DocumentType.objects.all()}
    cleaned, seen = [], set()
    for n, item in enumerate(value, start=1):
        path = f"documents[{n}]"
        if not isinstance(item, dict):
            errors.add(path, _("Document %(n)d is not valid.") % {"n": n})
            continue
        code = item.get("type")
        if code not in known:
            errors.add(f"{path}.type", _("Document %(n)d: choose a known document type.") % {"n": n})
        elif code in seen:
            errors.add(f"{path}.type", _("Document %(n)d appears twice in the checklist.") % {"n": n})
        seen.add(code)
        formats = item.get("formats", ["pdf", "jpg", "png"])
        if (
            not isinstance(formats, list)
            or not formats
            or any(f not in DocumentFormat.values for f in formats)
        ):
            errors.add(f"{path}.formats", _("Document %(n)d: choose PDF, JPEG and/or PNG.") % {"n": n})
        size = item.get("max_size_kb", 2048)
        if not is_int(size) or not 1 <= size <= MAX_DOCUMENT_SIZE_KB:
            errors.add(
                f"{path}.max_size_kb",
                _("Document %(n)d: the size limit is a whole number of kilobytes, 1 to %(max)d.")
                % {"n": n, "max": MAX_DOCUMENT_SIZE_KB},
            )
        mandatory = item.get("mandatory", True)
        if not isinstance(mandatory, bool):
            errors.add(f"{path}.mandatory", _("Document %(n)d: say whether it is mandatory.") % {"n": n})
        notes = _bilingual(errors, path, item, "note_ar", "note_en", required=False, limit=300)
        cleaned.append(
            {
                "type": code,
                "mandatory": mandatory,
                "formats": [f for f in DocumentFormat.values if isinstance(formats, list) and f in formats],
                "max_size_kb": size,
                **notes,
            }
        )
    return cleaned


def _constraints(errors: Errors, path: str, n: int, ftype: str, constraints):
    label = _("Form field %(n)d") % {"n": n}
    if constraints in (None, {}):
        if ftype == FieldType.CHOICE:
            errors.add(
                f"{path}.constraints", _("%(field)s: a choice field needs choices.") % {"field": label}
            )
        return {}
    if not isinstance(constraints, dict):
        errors.add(f"{path}.constraints", _("%(field)s: constraints must be an object.") % {"field": label})
        return {}
    allowed = CONSTRAINTS_BY_TYPE.get(ftype, frozenset())
    for key in constraints:
        if key not in allowed:
            errors.add(
                f"{path}.constraints",
                _("%(field)s: “%(key)s” does not apply to this type of field.")
                % {"field": label, "key": key},
            )
    for key in ("min_length", "max_length"):
        if key in constraints and (not is_int(constraints[key]) or not 0 <= constraints[key] <= 10000):
            errors.add(f"{path}.constraints", _("%(field)s: lengths are whole numbers.") % {"field": label})
    if (
        is_int(constraints.get("min_length"))
        and is_int(constraints.get("max_length"))
        and constraints["min_length"] > constraints["max_length"]
    ):
        errors.add(
            f"{path}.constraints",
            _("%(field)s: the minimum length is above the maximum.") % {"field": label},
        )
    if "pattern" in constraints:
        pattern = constraints["pattern"]
        try:
            if not isinstance(pattern, str) or len(pattern) > 300:
                raise re.error("not a string")
            re.compile(pattern)
        except re.error:
            errors.add(f"{path}.constraints", _("%(field)s: the pattern is not valid.") % {"field": label})
    for key in ("min", "max"):
        if key in constraints and not is_number(constraints[key]):
            errors.add(f"{path}.constraints", _("%(field)s: limits are numbers.") % {"field": label})
    if (
        is_number(constraints.get("min"))
        and is_number(constraints.get("max"))
        and constraints["min"] > constraints["max"]
    ):
        errors.add(
            f"{path}.constraints", _("%(field)s: the minimum is above the maximum.") % {"field": label}
        )
    for key in ("integer", "not_before_today", "not_after_today"):
        if key in constraints and not isinstance(constraints[key], bool):
            errors.add(
                f"{path}.constraints", _("%(field)s: “%(key)s” is yes or no.") % {"field": label, "key": key}
            )
    if constraints.get("not_before_today") is True and constraints.get("not_after_today") is True:
        errors.add(
            f"{path}.constraints",
            _("%(field)s: a date cannot be both in the future and in the past.") % {"field": label},
        )
    if ftype == FieldType.CHOICE:
        choices = constraints.get("choices")
        if not isinstance(choices, list) or not choices:
            errors.add(
                f"{path}.constraints", _("%(field)s: a choice field needs choices.") % {"field": label}
            )
            return constraints
        values = set()
        for m, choice in enumerate(choices, start=1):
            cpath = f"{path}.constraints.choices[{m}]"
            if not isinstance(choice, dict):
                errors.add(cpath, _("%(field)s: choice %(m)d is not valid.") % {"field": label, "m": m})
                continue
            value = choice.get("value")
            if not isinstance(value, str) or not CHOICE_VALUE.match(value):
                errors.add(
                    f"{cpath}.value",
                    _("%(field)s: choice %(m)d needs a short code (letters, digits, _ or -).")
                    % {"field": label, "m": m},
                )
            elif value in values:
                errors.add(
                    f"{cpath}.value", _("%(field)s: choice %(m)d is repeated.") % {"field": label, "m": m}
                )
            values.add(value)
            _bilingual(errors, cpath, choice, "label_ar", "label_en", required=True)
    return constraints


def _form_fields(errors: Errors, value):
    if not isinstance(value, list):
        errors.add("form_fields", _("The form fields must be a list."))
        return None
    cleaned, keys = [], set()
    for n, item in enumerate(value, start=1):
        path = f"form_fields[{n}]"
        if not isinstance(item, dict):
            errors.add(path, _("Form field %(n)d is not valid.") % {"n": n})
            continue
        key, ftype = item.get("key"), item.get("type")
        if not isinstance(key, str) or not SNAKE.match(key) or len(key) > 40:
            errors.add(
                f"{path}.key",
                _(
                    "Form field %(n)d: the key is lower-case letters, digits and underscores (e.g. licence_number)."
                )
                % {"n": n},
            )
        elif key in keys:
            errors.add(
                f"{path}.key", _("Form field %(n)d: the key “%(key)s” is used twice.") % {"n": n, "key": key}
            )
        keys.add(key)
        if ftype not in FieldType.values:
            errors.add(
                f"{path}.type",
                _("Form field %(n)d: the type “%(type)s” is not known. Use one of: %(types)s.")
                % {"n": n, "type": ftype, "types": ", ".join(FieldType.values)},
            )
        required = item.get("required", False)
        if not isinstance(required, bool):
            errors.add(f"{path}.required", _("Form field %(n)d: say whether it is required.") % {"n": n})
        labels = _bilingual(errors, path, item, "label_ar", "label_en", required=True)
        helps = _bilingual(errors, path, item, "help_ar", "help_en", required=False, limit=500)
        constraints = _constraints(errors, path, n, ftype, item.get("constraints"))
        field = {"key": key, "type": ftype, **labels, "required": required}
        field.update({k: v for k, v in helps.items() if v})
        if constraints:
            field["constraints"] = constraints
        cleaned.append(field)
    return cleaned


def _steps(errors: Errors, value):
    if not isinstance(value, list):
        errors.add("steps", _("The processing steps must be a list."))
        return None
    cleaned, codes = [], set()
    for n, item in enumerate(value, start=1):
        path = f"steps[{n}]"
        if not isinstance(item, dict):
            errors.add(path, _("Step %(n)d is not valid.") % {"n": n})
            continue
        code = item.get("code")
        if not isinstance(code, str) or not SNAKE.match(code) or len(code) > 40:
            errors.add(
                f"{path}.code",
                _("Step %(n)d: the code is lower-case letters, digits and underscores.") % {"n": n},
            )
        elif code in codes:
            errors.add(
                f"{path}.code", _("Step %(n)d: the code “%(code)s” is used twice.") % {"n": n, "code": code}
            )
        codes.add(code)
        names = _bilingual(errors, path, item, "name_ar", "name_en", required=True)
        cleaned.append({"code": code, **names, "final": n == len(value)})
    return cleaned


def content_clean(data: dict) -> dict:
    """Validate the content keys present in `data`; return the cleaned values or raise
    ValidationFailed. Cross-field rules (fee range) are checked by `fees_check` on the result."""
    from sanad.core.errors import ValidationFailed

    errors = Errors()
    cleaned: dict = {}
    for key in data:
        if key not in CONTENT_KEYS:
            errors.add(key, _("This is not part of a service version."))
    for key, limit in TEXT_LIMITS.items():
        if key in data:
            cleaned[key] = _text(errors, key, data[key], limit, arabic=key.endswith("_ar"))
    if "category" in data:
        category = data["category"]
        if isinstance(category, Category):
            cleaned["category"] = category
        else:
            cleaned["category"] = Category.objects.filter(code=str(category or "")).first()
            if cleaned["category"] is None:
                errors.add("category", _("Choose a known category."))
    for key in ("aliases_ar", "aliases_en"):
        if key in data:
            cleaned[key] = aliases_clean(errors, key, data[key])
    if "channels" in data:
        cleaned["channels"] = _channels(errors, data["channels"])
    for key in ("government_fee_min", "government_fee_max"):
        if key in data:
            cleaned[key] = _baisa(errors, key, data[key])
    if "fee_percent" in data:
        cleaned["fee_percent"] = _percent(errors, data["fee_percent"])
    if "fee_is_estimate" in data:
        if not isinstance(data["fee_is_estimate"], bool):
            errors.add("fee_is_estimate", _("Say whether the fee is an estimate."))
        cleaned["fee_is_estimate"] = data["fee_is_estimate"]
    if "sla_hours" in data:
        sla = data["sla_hours"]
        if not is_int(sla) or not 1 <= sla <= MAX_SLA_HOURS:
            errors.add(
                "sla_hours",
                _("Enter the expected time as a whole number of working hours, 1 to %(max)d.")
                % {"max": MAX_SLA_HOURS},
            )
        cleaned["sla_hours"] = sla
    if "documents" in data:
        cleaned["documents"] = _documents(errors, data["documents"])
    if "form_fields" in data:
        cleaned["form_fields"] = _form_fields(errors, data["form_fields"])
    if "steps" in data:
        cleaned["steps"] = _steps(errors, data["steps"])
    if errors:
        raise ValidationFailed(errors=dict(errors))
    return cleaned


def _percent(errors: Errors, value):
    if value is None or value == "":
        return None
    percent = None
    if not isinstance(value, bool):
        try:
            percent = Decimal(str(value))
        except (InvalidOperation, ValueError):
            percent = None
    if (
        percent is None
        or not percent.is_finite()
        or not 0 < percent <= 100
        or percent.as_tuple().exponent < -3
    ):
        errors.add("fee_percent", _("Enter a percentage above 0 and at most 100."))
        return None
    return percent


def fees_check(*, government_fee_min: int, government_fee_max: int) -> None:
    from sanad.core.errors import ValidationFailed

    if government_fee_min > government_fee_max:
        raise ValidationFailed(
            errors={
                "government_fee_max": [
                    _(
                        "The maximum government fee cannot be lower than the minimum. For a fixed fee, enter the same amount twice."
                    )
                ]
            }
        )


def publish_problems(version) -> dict:
    """What a draft lacks before it can be published: {path: [message]} (empty when ready)."""
    errors = Errors()
    if not version.name_ar.strip():
        errors.add("name_ar", _("Enter the Arabic name before publishing."))
    if not version.name_en.strip():
        errors.add("name_en", _("Enter the English name before publishing."))
    if not version.description_ar.strip():
        errors.add("description_ar", _("Enter the Arabic description before publishing."))
    if not version.description_en.strip():
        errors.add("description_en", _("Enter the English description before publishing."))
    if not version.channels:
        errors.add("channels", _("Choose walk-in, online request, or both."))
    if not version.steps:
        errors.add("steps", _("Describe at least one processing step before publishing."))
    if version.government_fee_min > version.government_fee_max:
        errors.add("government_fee_max", _("The maximum government fee cannot be lower than the minimum."))
    return dict(errors)


def service_code_clean(code) -> str:
    from sanad.core.errors import ValidationFailed

    code = code.strip().upper() if isinstance(code, str) else ""
    if not SERVICE_CODE.match(code) or len(code) > 40:
        raise ValidationFailed(
            errors={"code": [_("The service code is upper-case words joined by hyphens, e.g. ROP-DL-RENEW.")]}
        )
    return code
