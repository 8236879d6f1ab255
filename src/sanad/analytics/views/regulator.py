"""The regulator's landing page: the national dashboard."""

from django.shortcuts import render

from sanad.accounts.access import gate

from .. import selectors, tables
from .common import export_links, filter_choices, filters_or_error


@gate("stats.national")
def dashboard(request):
    stats_filter, error = filters_or_error(request)
    figures = selectors.national_stats(stats_filter)
    exports = {
        name: export_links("api:stats-national", stats_filter, name)
        for name in (*tables.NATIONAL, tables.DAILY)
    }
    fees = figures["fees"]
    context = {
        "f": stats_filter,
        "error": error,
        "s": figures,
        "fees_total": fees["centre"] + fees["government"] + fees["vat"],
        "exports": exports,
        "chart_data": {
            "by_month": figures["by_month"],
            "by_governorate": figures["by_governorate"],
            "by_wilayat": figures["by_wilayat"],
        },
        **filter_choices(),
    }
    return render(request, "analytics/regulator.html", context, status=400 if error else 200)
