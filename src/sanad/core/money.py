"""Money is an integer number of baisa (1 OMR = 1000 baisa). Never a float."""

from django.utils.translation import get_language

BAISA_PER_RIAL = 1000
VAT_RATE_PERCENT = 5


def vat_on(amount_baisa: int) -> int:
    """5% VAT on an amount in baisa, rounded half up to the nearest baisa."""
    if not isinstance(amount_baisa, int) or amount_baisa < 0:
        raise ValueError("amount must be a non-negative integer number of baisa")
    return (amount_baisa * VAT_RATE_PERCENT + 50) // 100


def format_omr(amount_baisa: int, language: str | None = None) -> str:
    """12345 -> '12.345 OMR' (English) or '12.345 ر.ع.' (Arabic)."""
    language = language or get_language() or "ar"
    sign = "-" if amount_baisa < 0 else ""
    rials, baisa = divmod(abs(int(amount_baisa)), BAISA_PER_RIAL)
    unit = "ر.ع." if language.startswith("ar") else "OMR"
    return f"{sign}{rials:,}.{baisa:03d} {unit}"


def parse_omr(text: str) -> int:
    """'12.345' -> 12345 baisa. Arabic-Indic digits and the Arabic decimal mark are accepted, as
    typed on an Arabic keyboard ('١٢٫٣٤٥'). Raises ValueError for anything that is not a plain amount."""
    from sanad.accounts.identity import to_ascii_digits

    text = to_ascii_digits(str(text)).strip().replace("٫", ".").replace(",", "").replace("٬", "")
    if not text or text.count(".") > 1 or not text.replace(".", "").isdigit():
        raise ValueError("not an amount")
    rials, _, baisa = text.partition(".")
    if len(baisa) > 3:
        raise ValueError("more than three decimals")
    return int(rials or "0") * BAISA_PER_RIAL + int((baisa or "0").ljust(3, "0"))
