"""Template helpers for the catalogue: money, bilingual data items, working hours."""

import math

from django import template
from django.utils.translation import get_language, ngettext

from sanad.core.templatetags.sanad import omr

from ..constants import WORKING_HOURS_PER_DAY
from ..search import highlight as _highlight

register = template.Library()


# The one money format (sanad.core), under the name this library's templates use.
register.filter("omr", omr)


@register.filter
def bi(item: dict, prefix: str) -> str:
    """The Arabic or English value of a data item: {{ step|bi:"name" }} → step["name_ar"]."""
    if not isinstance(item, dict):
        return ""
    english = (get_language() or "ar").startswith("en")
    first, second = (f"{prefix}_en", f"{prefix}_ar") if english else (f"{prefix}_ar", f"{prefix}_en")
    return item.get(first) or item.get(second) or ""


@register.filter
def working_time(hours) -> str:
    hours = int(hours or 0)
    text = ngettext("%(n)d working hour", "%(n)d working hours", hours) % {"n": hours}
    if hours >= WORKING_HOURS_PER_DAY:
        days = math.ceil(hours / WORKING_HOURS_PER_DAY)
        text += " · " + ngettext("about %(n)d working day", "about %(n)d working days", days) % {"n": days}
    return text


@register.filter
def highlight(text, query):
    """{{ version.name|highlight:q }}: the name, escaped, with the words the search matched marked."""
    return _highlight(text, query)
