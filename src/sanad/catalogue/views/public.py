"""Public catalogue pages: browse by institution and category, search, and the service page with
its documents checklist and fee breakdown. Arabic first; no sign-in needed."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from sanad.core.errors import NotFound

from .. import selectors, services
from ..forms import ServiceSearchForm

PAGE_SIZE = 24


def fee_summary(version) -> dict:
    """The service page's fee breakdown at the highest centre fee allowed (the cap)."""
    return services.fee_breakdown(version=version, centre_fee=version.centre_fee_cap)


def service_list(request):
    form = ServiceSearchForm(request.GET or None)
    results, searched, q = None, False, ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        q = data["q"]
        searched = bool(q or data["institution"] or data["category"] or data["channel"])
        results = selectors.services_search(
            q, institution=data["institution"], category=data["category"], channel=data["channel"]
        )
    elif not form.is_bound:
        results = selectors.services_search()
    page = Paginator(results if results is not None else [], PAGE_SIZE).get_page(request.GET.get("page"))
    if q and not page.paginator.count and not request.htmx:
        # Counted when the visitor submits, not at every keystroke of search as you type.
        services.search_miss_record(query=q)
    context = {
        "search_q": q,
        "form": form,
        "page": page,
        "searched": searched,
        "categories": selectors.categories_with_counts(),
        "service_total": selectors.published_services().count(),
        "institution_total": selectors.institutions_with_counts().count(),
        "query_string": _without_page(request),
    }
    template = "catalogue/_results.html" if request.htmx else "catalogue/service_list.html"
    return render(request, template, context)


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def service_detail(request, code: str):
    try:
        service = selectors.service_public(code)
    except NotFound:
        raise Http404 from None
    version = selectors.version_with_documents(service.current_version_id)
    return render(request, "catalogue/service_detail.html", _service_context(service, version))


def _service_context(service, version, **extra) -> dict:
    documents = list(version.documents.all())
    return {
        "service": service,
        "version": version,
        "institution": service.institution,
        "documents": documents,
        "mandatory_count": sum(1 for d in documents if d.mandatory),
        "fees": fee_summary(version),
        "fee_rules": services.fee_rule_rows(version=version, centre_fee=version.centre_fee_cap),
        **extra,
    }


def institution_list(request):
    institutions = selectors.institutions_with_counts().order_by("kind", "code")
    return render(request, "catalogue/institution_list.html", {"institutions": institutions})


def institution_detail(request, code: str):
    try:
        institution = selectors.institution_public(code)
    except NotFound:
        raise Http404 from None
    groups: dict = {}
    for service in selectors.services_search(institution=institution):
        groups.setdefault(service.category, []).append(service)
    return render(
        request,
        "catalogue/institution_detail.html",
        {
            "institution": institution,
            "groups": sorted(groups.items(), key=lambda g: g[0].sort_order),
            "search_q": "",
        },
    )
