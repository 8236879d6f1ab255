from django import template
from django.utils import timezone

from sanad.core.money import format_omr

register = template.Library()


@register.filter
def omr(amount_baisa):
    """{{ 12345|omr }} → 12.345 ر.ع. (or OMR in English)."""
    if amount_baisa is None or amount_baisa == "":
        return ""
    return format_omr(int(amount_baisa))


@register.filter
def muscat(value, fmt="Y-m-d H:i"):
    """An aware datetime shown in Asia/Muscat."""
    from django.utils.dateformat import format as date_format

    if not value:
        return ""
    return date_format(timezone.localtime(value), fmt)


@register.filter
def thousands(value):
    """1302440 → 1,302,440 (Latin digits and commas in both languages, like the money format)."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}"
