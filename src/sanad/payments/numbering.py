"""Receipt and credit-note numbers: `<licence number>-2026-000123` (credit notes `<licence>-CN-2026-000012`),
per centre per year, without gaps. A number is taken under a row lock inside the transaction that
issues the document: if that transaction rolls back, so does the number, so no gap is ever left.

Each number has a verification token (an HMAC of the number under the site's secret): the QR code on
the paper carries it, and the public verification page answers only when it matches."""

import hmac

from django.db import transaction
from django.utils.crypto import salted_hmac

from .constants import DocumentSeries
from .models import DocumentSequence

SEQUENCE_DIGITS = 6
_TOKEN_SALT = "sanad.payments.verify"  # noqa: S105 (a key salt, not a secret)
TOKEN_LENGTH = 32


def _licence_number(centre) -> str:
    licence = getattr(centre, "licence", None)
    return (licence.number if licence is not None and licence.number else f"C{centre.pk:05d}").upper()


def format_number(*, centre, series: str, year: int, sequence: int) -> str:
    prefix = _licence_number(centre)
    if series == DocumentSeries.CREDIT_NOTE:
        prefix = f"{prefix}-CN"
    return f"{prefix}-{year}-{sequence:0{SEQUENCE_DIGITS}d}"


def take_number(*, centre, series: str, year: int) -> tuple[int, str]:
    """The next number in the series. Must run inside the issuing transaction (it holds the lock
    until that transaction ends, which is what keeps concurrent payers in a single line)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number must run inside the transaction that issues the document")
    DocumentSequence.objects.bulk_create(
        [DocumentSequence(centre=centre, series=series, year=year)], ignore_conflicts=True
    )
    sequence = DocumentSequence.objects.select_for_update().get(centre=centre, series=series, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number, format_number(
        centre=centre, series=series, year=year, sequence=sequence.last_number
    )


def verification_token(number: str) -> str:
    return salted_hmac(_TOKEN_SALT, number, algorithm="sha256").hexdigest()[:TOKEN_LENGTH]


def token_matches(number: str, token: str) -> bool:
    return hmac.compare_digest(verification_token(number), (token or "")[: TOKEN_LENGTH + 1])
