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
    from sanad.catalogue.models import Institution, Service
    from sanad.geo.models import Governorate, Wilayat

    return {
        "governorates": Governorate.objects.order_by("sort_order"),
        "wilayats": Wilayat.objects.select_related("governorate").order_by(
            "governorate__sort_order", "sort_order"
        ),
        "institutions": Institution.objects.order_by("code"),
        "services": Service.objects.select_related("institution", "current_version").order_by(
            "institution__code", "code"
        ),
    }
