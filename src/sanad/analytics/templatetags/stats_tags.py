from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def pct(value):
    """0.8734 → 87.3% (empty when there is nothing to divide)."""
    from sanad.core.formatting import EMPTY, isolate, percent_text

    if value is None or value == "":
        return EMPTY
    return isolate(percent_text(float(value) * 100))


@register.filter
def hours(value):
    """A duration in hours, in days past two days."""
    if value is None or value == "":
        return "—"
    value = float(value)
    if value >= 48:
        return _("%(n)s days") % {"n": f"{value / 24:.1f}"}
    return _("%(n)s h") % {"n": f"{value:.1f}"}


@register.filter
def baisa_omr(value):
    """Baisa → whole rials with thousands separators (headline figures)."""
    if value is None:
        return "—"
    return f"{round(int(value) / 1000):,}"


@register.filter
def bi(row, field="name"):
    """row.name_ar or row.name_en, by the page's language."""
    from django.utils.translation import get_language

    english = (get_language() or "ar").startswith("en")
    return row.get(f"{field}_en" if english else f"{field}_ar") or row.get(f"{field}_ar") or ""


@register.filter
def omr_compact(value):
    """Baisa → a short amount for a headline card: 1,048,037.443 OMR → "1.05 million OMR" (ar:
    "1.05 مليون ر.ع."); under a thousand rials the full amount. Show the full amount beside it (title)."""
    from sanad.core.money import format_omr

    if value is None or value == "":
        return "—"
    rials = int(value) / 1000
    if abs(rials) >= 1_000_000:
        return _("%(n)s million OMR") % {"n": f"{rials / 1_000_000:,.2f}"}
    if abs(rials) >= 1_000:
        return _("%(n)s thousand OMR") % {"n": f"{rials / 1_000:,.1f}"}
    return format_omr(int(value))
