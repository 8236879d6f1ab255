"""The formatting layer in templates (sanad.core.formatting): `{% load sanad %}`.

Filters that end in text for attributes, CSV or SMS: omr, amount, number, decimal, muscat.
Filters that write HTML, each value in a left-to-right isolate inside Arabic text: day, moment,
clock, phone, distance, coordinates, ltr.
"""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from sanad.core import formatting

register = template.Library()


@register.filter
def omr(amount_baisa):
    """{{ 12345|omr }} → 12.345 ر.ع. (or OMR in English); a negative figure in its isolate."""
    text = formatting.money_text(amount_baisa)
    if text.startswith("-"):
        figure, unit = text.split(" ", 1)
        return format_html("{} {}", formatting.isolate(figure), unit)
    return text


@register.filter
def amount(baisa):
    """12345 → 12.345 (no unit: the column says ر.ع. / OMR); a negative amount in its isolate, or
    Arabic text would show its minus sign after it."""
    text = formatting.amount_text(baisa)
    return formatting.isolate(text) if text.startswith("-") else text


@register.filter
def number(value):
    """1302440 → 1,302,440."""
    return formatting.number_text(value)


# The older name of `number` (statistics pages).
register.filter("thousands", number)


@register.filter
def decimal(value, places=1):
    """1.25 → 1.3; {{ x|decimal:2 }} → 1.25 (the full stop in both languages)."""
    return formatting.decimal_text(value, places)


@register.filter
def percent(value, places=1):
    """87.34 (a percentage) → 87.3% in its isolate."""
    if value is None or value == "":
        return formatting.EMPTY
    return formatting.isolate(formatting.percent_text(value, places))


@register.filter
def muscat(value, fmt="Y-m-d H:i"):
    """An aware datetime in Asia/Muscat as plain text (for attributes); in the page, use moment/day/clock."""
    from django.utils.dateformat import format as date_format

    if not value:
        return ""
    return date_format(timezone.localtime(value), fmt)


@register.filter
def day(value):
    """A date (or the Muscat date of a datetime): <bdi dir="ltr">2026-12-01</bdi>."""
    return formatting.date_html(value)


@register.filter
def moment(value, seconds=False):
    """A datetime in Muscat: <bdi dir="ltr">2026-12-01 14:05</bdi> ({{ x|moment:True }} with seconds)."""
    return formatting.datetime_html(value, bool(seconds))


@register.filter
def clock(value):
    """The Muscat time: <bdi dir="ltr">14:05</bdi>."""
    return formatting.time_html(value)


@register.filter
def month(value):
    """<bdi dir="ltr">2026-12</bdi>."""
    text = formatting.month_text(value)
    return formatting.isolate(text) if text else ""


@register.filter
def phone(value):
    """+96893528003 → a tel: link reading +968 9352 8003, left to right."""
    return formatting.phone_html(value)


@register.filter
def phone_plain(value):
    """+968 9352 8003 (for attributes)."""
    return formatting.phone_text(value)


@register.filter
def distance(km):
    """1.234 → 1.2 كم / 1.2 km."""
    return formatting.distance_html(km)


@register.filter
def coordinates(obj):
    """{{ centre|coordinates }} → 23.5690, 58.3592 (its latitude and longitude) in its isolate."""
    return formatting.coordinates_html(getattr(obj, "latitude", None), getattr(obj, "longitude", None))


@register.filter
def ltr(value):
    """A code, a reference or an e-mail address inside Arabic text, in its left-to-right isolate."""
    if value is None or value == "":
        return ""
    return formatting.isolate(value)


@register.filter
def code(value):
    """An internal code a member of staff works with (a service code), shown as a code, not as words."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr" class="code" translate="no">{}</bdi>', value)
