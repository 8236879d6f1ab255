"""How numbers, money, dates, times, phone numbers, distances and coordinates are written, in Arabic and
in English: one module, used by the templates (the `sanad` template library) and by Python code.

The conventions (the same in both languages, like the money format `12.345 ر.ع.` / `12.345 OMR`):
Latin digits, the full stop as the decimal mark, the comma between thousands; dates as `2026-12-01`,
times as `14:05` (24 hours), both in Asia/Muscat; phone numbers as `+968 9352 8003`.

In an Arabic sentence a value made of digits and signs is reordered by the browser's bidirectional
algorithm (`+96893528003` shows as `96893528003+`, `2026-12-01` as `01-12-2026`), so every such value
is written inside its own left-to-right isolate, `<bdi dir="ltr">…</bdi>`: the `*_html` functions (and
the template filters) do that; the plain functions give the text for attributes, CSV and SMS.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language

from .money import format_omr

__all__ = [
    "amount_text",
    "coordinates_text",
    "date_text",
    "datetime_text",
    "decimal_text",
    "distance_text",
    "isolate",
    "money_text",
    "number_text",
    "percent_text",
    "phone_text",
    "time_text",
]

DATE_FORMAT = "%Y-%m-%d"
TIME_FORMAT = "%H:%M"
EMPTY = "—"


def _arabic(language: str | None = None) -> bool:
    return (language or get_language() or "ar").startswith("ar")


def isolate(text, css_class: str = ""):
    """A value shown left to right whatever the text around it (`<bdi dir="ltr">`)."""
    if css_class:
        return format_html('<bdi dir="ltr" class="{}">{}</bdi>', css_class, text)
    return format_html('<bdi dir="ltr">{}</bdi>', text)


def isolate_text(text) -> str:
    """The same for plain text (messages, SMS, API errors): the value between LEFT-TO-RIGHT
    ISOLATE and POP DIRECTIONAL ISOLATE, so "SND-2026-0012345-7" never reads "7-SND-2026-0012345"
    inside an Arabic sentence."""
    return f"\u2066{text}\u2069"


# --- Numbers and money -------------------------------------------------------------------------


def number_text(value) -> str:
    """1302440 → '1,302,440' (a whole number; a float is rounded)."""
    if value is None or value == "":
        return ""
    return f"{round(float(value)):,}"


def decimal_text(value, places: int = 1) -> str:
    """1.25 → '1.3' (the full stop as the decimal mark in both languages, commas between thousands)."""
    if value is None or value == "":
        return ""
    return f"{float(value):,.{int(places)}f}"


def percent_text(value, places: int = 1) -> str:
    """87.34 → '87.3%' (the value is already a percentage)."""
    if value is None or value == "":
        return EMPTY
    return f"{float(value):.{int(places)}f}%"


def money_text(amount_baisa, language: str | None = None) -> str:
    """12345 → '12.345 ر.ع.' / '12.345 OMR'."""
    if amount_baisa is None or amount_baisa == "":
        return ""
    return format_omr(round(float(amount_baisa)), language)  # a median may be a float


def amount_text(amount_baisa) -> str:
    """12345 → '12.345' (no unit: a column header says ر.ع. / OMR)."""
    if amount_baisa is None or amount_baisa == "":
        return ""
    value = int(amount_baisa)
    sign = "-" if value < 0 else ""
    rials, baisa = divmod(abs(value), 1000)
    return f"{sign}{rials:,}.{baisa:03d}"


# --- Dates and times (stored in UTC, shown in Asia/Muscat) -------------------------------------------


def _local(value):
    if isinstance(value, datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


def date_text(value) -> str:
    """A date, or the Muscat date of an aware datetime: '2026-12-01'."""
    if not value:
        return ""
    return _local(value).strftime(DATE_FORMAT)


def time_text(value) -> str:
    """The Muscat time of an aware datetime (or a time): '14:05'."""
    if not value:
        return ""
    return _local(value).strftime(TIME_FORMAT)


def datetime_text(value, seconds: bool = False) -> str:
    """'2026-12-01 14:05' in Asia/Muscat (a bare date is written as a date)."""
    if not value:
        return ""
    if isinstance(value, date) and not isinstance(value, datetime):
        return date_text(value)
    return _local(value).strftime(DATE_FORMAT + " " + TIME_FORMAT + (":%S" if seconds else ""))


def month_text(value) -> str:
    """'2026-12'."""
    if not value:
        return ""
    return _local(value).strftime("%Y-%m")


# --- Phones, distances, coordinates ------------------------------------------------------------------


def phone_text(value) -> str:
    """'+96893528003' → '+968 9352 8003' (the international form, grouped); anything that is not a
    phone number is returned as it is."""
    if not value:
        return ""
    import phonenumbers

    try:
        number = phonenumbers.parse(str(value), "OM")
    except phonenumbers.NumberParseException:
        return str(value)
    if not phonenumbers.is_possible_number(number):
        return str(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_e164(value) -> str:
    """The dialable form for a tel: link ('+96893528003')."""
    if not value:
        return ""
    import phonenumbers

    try:
        number = phonenumbers.parse(str(value), "OM")
    except phonenumbers.NumberParseException:
        return "".join(ch for ch in str(value) if ch.isdigit() or ch == "+")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def distance_text(km, language: str | None = None) -> str:
    """1.234 → '1.2 كم' / '1.2 km' (whole kilometres from 100 km)."""
    if km is None or km == "":
        return ""
    km = float(km)
    figure = f"{km:,.0f}" if km >= 100 else f"{km:.1f}"
    return f"{figure} {'كم' if _arabic(language) else 'km'}"


def coordinates_text(latitude, longitude) -> str:
    """(23.569, 58.3592) → '23.5690, 58.3592' (decimal degrees, north and east)."""
    if latitude is None or longitude is None or latitude == "" or longitude == "":
        return ""
    return f"{float(latitude):.4f}, {float(longitude):.4f}"


# The HTML forms: each value in its left-to-right isolate.


def phone_html(value):
    if not value:
        return ""
    return format_html(
        '<a href="tel:{}" dir="ltr" class="phone"><bdi>{}</bdi></a>', phone_e164(value), phone_text(value)
    )


def date_html(value):
    return isolate(date_text(value)) if value else ""


def datetime_html(value, seconds: bool = False):
    return isolate(datetime_text(value, seconds)) if value else ""


def time_html(value):
    return isolate(time_text(value)) if value else ""


def distance_html(km):
    """The figure isolated, the unit in the page's language after it ('1.2 كم' reads right to left)."""
    if km is None or km == "":
        return ""
    figure, unit = distance_text(km).split(" ", 1)
    return format_html("{} {}", isolate(figure), unit)


def coordinates_html(latitude, longitude):
    text = coordinates_text(latitude, longitude)
    return isolate(text) if text else ""
