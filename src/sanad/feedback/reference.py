"""Complaint references: CMP-2026-0000123-4, with the same Damm check digit as case references
(sanad.cases.reference), so a mistyped reference is rejected instead of finding another complaint."""

import re

from django.utils.translation import gettext as _

from sanad.cases.reference import damm_digit
from sanad.core.errors import BadRequest

PREFIX = "CMP"
_PATTERN = re.compile(r"^CMP-?(\d{4})-?(\d{7})-?(\d)$")


def format_reference(year: int, number: int) -> str:
    body = f"{year:04d}{number:07d}"
    return f"{PREFIX}-{year:04d}-{number:07d}-{damm_digit(body)}"


def parse_reference(text: str) -> str:
    from sanad.accounts.identity import to_ascii_digits

    cleaned = to_ascii_digits(str(text or "")).strip().upper().replace(" ", "")
    match = _PATTERN.match(cleaned)
    if not match:
        raise BadRequest(
            _("A complaint reference looks like CMP-2026-0000123-4."),
            errors={"reference": [_("Malformed reference.")]},
        )
    year, number, check = match.groups()
    if damm_digit(year + number + check) != 0:
        raise BadRequest(
            _("This reference has a typing mistake: its check digit does not match."),
            errors={"reference": [_("Wrong check digit.")]},
        )
    return f"{PREFIX}-{year}-{number}-{check}"
