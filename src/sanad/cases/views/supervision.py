"""Read-only pages for those who supervise cases without working them: the regulator (every case)
and institution officers (what reached their institution). Tenancy is cases_visible_to."""

from django.shortcuts import render

from sanad.accounts.access import gate
from sanad.accounts.constants import Role
from sanad.analytics.views.common import filter_choices
from sanad.audit.services import audit_case_opened
from sanad.core.errors import BadRequest
from sanad.core.paging import CountedPaginator

from .. import selectors
from ..constants import CaseState
from ..reference import parse_reference
from .common import case_context, decorate, load_case, reference_view

SUPERVISORS = (Role.REGULATOR, Role.ADMIN, Role.INSTITUTION_OFFICER)


supervisors_only = gate("cases.supervise")


@supervisors_only
def case_list(request):
    cases = selectors.cases_visible_to(request.user).order_by("-created_at", "-pk")
    state = request.GET.get("state", "")
    if state in CaseState.values:
        cases = cases.filter(state=state)
    query = request.GET.get("q", "").strip()[:40]
    error = ""
    if query:
        try:
            cases = cases.filter(reference=parse_reference(query))
        except BadRequest as exc:
            error = exc.message
            cases = cases.none()
    filters, filter_error = _stats_filters(request)
    total = None
    if filter_error:
        error = error or filter_error
        cases = cases.none()
    elif filters is not None:
        dated = bool(request.GET.get("from") or request.GET.get("to"))
        where = {
            "start": filters.start if dated else None,
            "end": filters.end if dated else None,
            "governorate": filters.governorate,
            "institution": filters.institution,
            "service": filters.service,
        }
        cases = selectors.cases_filtered(cases, **where)
        # The list does not filter by wilayat, so neither may the total.
        national = request.user.role in (Role.REGULATOR, Role.ADMIN) and filters.wilayat is None
        if national and not (state in CaseState.values or query):
            total = selectors.cases_opened_total(**where)
    page = CountedPaginator(cases, 50, total=total).get_page(request.GET.get("page"))
    for case in page.object_list:
        decorate(case)
    return render(
        request,
        "cases/supervision/list.html",
        {
            "page": page,
            "state": state,
            "q": query,
            "error": error,
            "states": CaseState.choices,
            "f": filters,
            "query": _query_without_page(request),
            **filter_choices(),
        },
    )


def _stats_filters(request):
    """Period, governorate, institution and service: the statistics' own parser (one set of rules)."""
    from sanad.analytics.filters import parse_filters

    try:
        return parse_filters(request.GET), ""
    except BadRequest as exc:
        return None, exc.message


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@supervisors_only
@reference_view
def case_page(request, reference: str):
    case = load_case(request, reference)
    audit_case_opened(case=case)
    return render(request, "cases/supervision/case.html", case_context(request, case))
