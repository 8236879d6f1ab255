from django import template
from django.utils import translation

from sanad.core.templatetags.sanad import amount

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


# The amount without a unit (sanad.core.formatting), under the name the payments templates use.
register.filter("amount", amount)
