"""Searches that found nothing, for the regulator and institution officers: what citizens look for
that the catalogue does not answer yet."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .. import selectors

PERIODS = (7, 30, 90)


@login_required
def search_miss_list(request):
    if not selectors.can_see_search_misses(request.user):
        raise DjangoPermissionDenied
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in PERIODS else 30
    page = Paginator(selectors.search_misses(days=days), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/search_misses.html",
        {"page": page, "days": days, "periods": PERIODS, "query_string": f"days={days}"},
    )
