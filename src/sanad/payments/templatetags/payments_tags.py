from django import template
from django.utils import translation

from sanad.core.money import BAISA_PER_RIAL

register = template.Library()


@register.filter
def ar(text) -> str:
    """A translatable text (lazy) in Arabic, whatever the page's language: bilingual paper."""
    with translation.override("ar"):
        return str(text)


@register.filter
def en(text) -> str:
    with translation.override("en"):
        return str(text)


@register.filter
def amount(baisa) -> str:
    """12345 → 12.345 (no unit: the column says ر.ع. / OMR)."""
    if baisa is None or baisa == "":
        return ""
    value = int(baisa)
    sign = "-" if value < 0 else ""
    rials, rest = divmod(abs(value), BAISA_PER_RIAL)
    return f"{sign}{rials:,}.{rest:03d}"
