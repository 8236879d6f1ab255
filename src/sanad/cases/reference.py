"""Case references: SND-2026-0012345-7. The last digit is a Damm check digit over the year and the
number, which catches every single mistyped digit and every swap of two adjacent digits, so a
mistyped reference is rejected instead of finding somebody else's case.

The number part is drawn at random (not a counter): knowing one reference says nothing about the
next, and opening a case locks no row that every other case in the country waits for. The unique
constraint on `Case.reference` catches the rare repeat; the opener draws again."""

import re
import secrets

from django.utils.translation import gettext as _

from sanad.core.errors import BadRequest

PREFIX = "SND"
NUMBER_DIGITS = 7
_PATTERN = re.compile(r"^SND-?(\d{4})-?(\d{7})-?(\d)$")

# The Damm quasigroup of order 10 (weakly totally anti-symmetric).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm_digit(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return interim


def format_reference(year: int, number: int) -> str:
    body = f"{year:04d}{number:0{NUMBER_DIGITS}d}"
    return f"{PREFIX}-{year:04d}-{number:0{NUMBER_DIGITS}d}-{damm_digit(body)}"


def random_number(rng=None) -> int:
    """A number part for a new reference: uniform over 1 … 9,999,999 (`rng` for seeded demo data)."""
    upper = 10**NUMBER_DIGITS - 1
    return rng.randint(1, upper) if rng is not None else secrets.randbelow(upper) + 1


def new_reference(year: int, rng=None) -> str:
    return format_reference(year, random_number(rng))


def parse_reference(text: str) -> str:
    """Return the canonical reference, or raise BadRequest (400) if it is malformed or its
    check digit is wrong. Accepts lower case, spaces and Arabic-Indic digits."""
    from sanad.accounts.identity import to_ascii_digits

    cleaned = to_ascii_digits(str(text or "")).strip().upper().replace(" ", "")
    match = _PATTERN.match(cleaned)
    if not match:
        raise BadRequest(
            _("A case reference looks like SND-2026-0012345-7."),
            errors={"reference": [_("Malformed reference.")]},
        )
    year, number, check = match.groups()
    if damm_digit(year + number + check) != 0:
        raise BadRequest(
            _("This reference has a typing mistake: its check digit does not match."),
            errors={"reference": [_("Wrong check digit.")]},
        )
    return f"{PREFIX}-{year}-{number}-{check}"
