"""Public pages: find a centre (filters, nearest to a point, map) and a centre's page."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from sanad.geo import selectors as geo

from .. import selectors
from ..models import Centre
from ..serializers import parse_point

PAGE_SIZE = 20


def find(request):
    now = timezone.now()
    query = request.GET
    governorate = query.get("governorate", "").strip()
    wilayat = query.get("wilayat", "").strip()
    service = query.get("service", "").strip()
    open_now = query.get("open_now") in {"1", "on", "true"}
    sort = "quality" if query.get("sort") == "quality" else ""
    lat, lon = query.get("lat", "").strip(), query.get("lon", "").strip()
    point, point_error = None, ""
    if lat or lon:
        try:
            point = parse_point(f"{lat},{lon}")
        except ValidationError as exc:
            point_error = str(exc.detail[0])
    governorates = list(geo.governorates_with_wilayats())
    wilayat_codes = {w.code for g in governorates for w in g.wilayats.all()}
    services = list(selectors.services_offerable())
    service_codes = {s.code for s in services}
    qs = selectors.centres_search(
        governorate=governorate if governorate in {g.code for g in governorates} else None,
        wilayat=wilayat if wilayat in wilayat_codes else None,
        service=service if service in service_codes else None,
        open_at=now if open_now else None,
    )
    from sanad.feedback.selectors import latest_scores, order_by_quality

    if point:
        results = selectors.NearestResults(qs, *point)
    elif sort == "quality":
        results = order_by_quality(qs)
    else:
        results = qs.order_by("wilayat__governorate__sort_order", "wilayat__sort_order", "name_ar")
    page = Paginator(results, PAGE_SIZE).get_page(query.get("page"))
    centres = list(page.object_list)
    open_ids = selectors.centre_ids_open_at(now, Centre.objects.filter(pk__in=[c.pk for c in centres]))
    chosen = next((s for s in services if s.code == service), None)
    fees = {}
    if chosen:
        fees = {c.pk: selectors.centre_fee_for(c, chosen) for c in centres}
    from sanad.queueing.selectors import centres_wait_minutes

    waits = centres_wait_minutes([c.pk for c in centres], now=now)
    scores = latest_scores(c.pk for c in centres)
    for centre in centres:
        centre.wait_minutes = waits.get(centre.pk)
        centre.is_open = centre.pk in open_ids
        centre.quote = fees.get(centre.pk)
        centre.quality = scores.get(centre.pk)
    params = query.copy()
    params.pop("page", None)
    return render(
        request,
        "centres/find.html",
        {
            "governorates": governorates,
            "services": services,
            "chosen_service": chosen,
            "filters": {
                "governorate": governorate,
                "wilayat": wilayat,
                "service": service,
                "open_now": open_now,
                "sort": sort,
                "lat": lat,
                "lon": lon,
            },
            "point": point,
            "map_point": {"lat": point[0], "lon": point[1]} if point else None,
            "point_error": point_error,
            "page": page,
            "centres": centres,
            "total": page.paginator.count,
            "querystring": params.urlencode(),
            "map_results": [
                {"id": c.pk, "name": c.name, "lat": c.latitude, "lon": c.longitude, "open": c.is_open}
                for c in centres
            ],
        },
        status=400 if point_error else 200,
    )


def _wait_minutes(centre, now):
    from sanad.queueing.selectors import centre_wait_minutes

    return centre_wait_minutes(centre, now=now)


def centre_page(request, centre_id: int):
    from django.http import Http404

    from sanad.core.errors import NotFound

    try:
        centre = selectors.centre_public(centre_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    now = timezone.now()
    today = timezone.localdate()
    return render(
        request,
        "centres/centre.html",
        {
            "centre": centre,
            "is_open": selectors.centre_is_open_at(centre, now),
            "wait_minutes": _wait_minutes(centre, now),
            "today_hours": selectors.centre_hours_on(centre, today),
            "week": selectors.centre_week(centre),
            "today_weekday": today.weekday(),
            "exceptions": selectors.centre_exceptions_upcoming(centre)[:6],
            "prices": selectors.centre_prices(centre),
            "map_results": [
                {"id": centre.pk, "name": centre.name, "lat": centre.latitude, "lon": centre.longitude}
            ],
        },
    )
