from django.conf import settings
from django.utils.translation import get_language

from .navigation import navigation_for


def shell(request):
    language = get_language() or settings.LANGUAGE_CODE
    rtl = language.startswith("ar")
    return {
        "LANG": "ar" if rtl else "en",
        "DIR": "rtl" if rtl else "ltr",
        "OTHER_LANGUAGE": "en" if rtl else "ar",
        "nav": navigation_for(request),
        "SANAD_ENV": settings.SANAD_ENV,
    }
