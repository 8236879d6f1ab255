"""What the statistics pages share: filters from the query string (a bad one is shown, with the
default selection, and answered 400), export links, and the lists the filter form offers."""

from urllib.parse import urlencode

from django.urls import reverse

from sanad.core.errors import BadRequest

from ..filters import parse_filters


def filters_or_error(request):
    """(filter, error message or None)."""
    try:
        return parse_filters(request.GET), None
    except BadRequest as exc:
        return parse_filters({}), exc.message


def export_links(url_name: str, stats_filter, table: str, args=()) -> dict:
    base = reverse(url_name, args=args)
    return {
        fmt: f"{base}?{urlencode({**stats_filter.params, 'format': fmt, 'table': table})}"
        for fmt in ("csv", "xlsx")
    }


def filter_choices() -> dict:
    """The filter form's options as plain (code, label) rows, in the page's language."""
    from django.utils.translation import get_language

    from sanad.catalogue.models import Institution, Service
    from sanad.geo.models import Governorate, Wilayat

    en = (get_language() or "ar").startswith("en")

    def label(ar, english):
        return (english if en else ar) or ar or english

    return {
        "governorates": [
            {"code": c, "name": label(a, e)}
            for c, a, e in Governorate.objects.order_by("sort_order").values_list(
                "code", "name_ar", "name_en"
            )
        ],
        "wilayats": [
            {"code": c, "name": label(a, e), "governorate": g}
            for c, a, e, g in Wilayat.objects.order_by("governorate__sort_order", "sort_order").values_list(
                "code", "name_ar", "name_en", "governorate__code"
            )
        ],
        "institutions": [
            {"code": c, "name": label(a, e)}
            for c, a, e in Institution.objects.order_by("code").values_list("code", "name_ar", "name_en")
        ],
        "services": [
            {"code": c, "name": label(a, e) or c, "institution": i}
            for c, a, e, i in Service.objects.order_by("institution__code", "code").values_list(
                "code", "current_version__name_ar", "current_version__name_en", "institution__code"
            )
        ],
    }
