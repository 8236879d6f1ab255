"""The institution officer's inbox (/institution/inbox/): what reached their institution, by SLA, and
the decision form (approve with the issued document, reject with a reason, ask for more
information). The decision goes through the same service as the signed callback and the pull API."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sanad.accounts.access import restrict
from sanad.accounts.constants import Role
from sanad.cases.views.common import (
    attempt,
    case_context,
    decorate,
    error_details,
    error_page,
    load_case,
    reference_view,
)
from sanad.core.errors import BadRequest

from . import selectors, services
from .constants import Decision


def officers_only(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not restrict(request.user, "institution.inbox"):
            return error_page(request, 403, _("The inbox is for the officers of an institution."))
        request.institution = request.user.institution_membership.institution
        return view(request, *args, **kwargs)

    return wrapper


@officers_only
def inbox(request):
    view = "decided" if request.GET.get("view") == "decided" else "waiting"
    service = request.GET.get("service", "").strip()[:40]
    q = request.GET.get("q", "").strip()[:40]
    error = ""
    try:
        cases = selectors.inbox_cases(request.user, view=view, service=service, q=q)
    except BadRequest as exc:
        error, cases = exc.message, selectors.inbox_cases(request.user, view=view).none()
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    for case in page.object_list:
        decorate(case)
    services_offered = request.institution.services.order_by("code").select_related("current_version")
    return render(
        request,
        "integrations/inbox.html",
        {
            "institution": request.institution,
            "page": page,
            "view": view,
            "service": service,
            "q": q,
            "error": error,
            "services": services_offered,
            "waiting_count": selectors.inbox_cases(request.user, view="waiting").count(),
        },
        status=400 if error else 200,
    )


@officers_only
@reference_view
@require_http_methods(["GET", "POST"])
def inbox_case(request, reference: str):
    case = load_case(request, reference)
    error = None
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        _case, error = attempt(
            services.decision_apply,
            case_id=case.pk,
            institution=request.institution,
            decision=decision,
            note=request.POST.get(f"note_{decision}", request.POST.get("note", "")),
            institution_reference=request.POST.get("institution_reference", ""),
            document=request.FILES.get("document"),
            actor=request.user,
        )
        if error is None:
            messages.success(request, _("Your decision was recorded; the centre and the citizen are told."))
            return redirect("integrations:inbox")
        case.refresh_from_db()
    context = case_context(request, case, error=error)
    context.update(
        {
            "institution": request.institution,
            "decidable": case.state == "submitted_to_institution",
            "decisions": [
                (Decision.APPROVE, _("Approve (attach the issued document)")),
                (Decision.REJECT, _("Reject (write the reason)")),
                (Decision.MORE_INFO, _("Ask for more information (write what is missing)")),
            ],
            "chosen": request.POST.get("decision", "") if error else "",
            "error_details": error_details(error),
            "submission": selectors.case_submission(case),
        }
    )
    return render(request, "integrations/inbox_case.html", context, status=error.status if error else 200)


@login_required
@require_POST
def resend(request, submission_id: int):
    from sanad.core.errors import DomainError

    try:
        submission = services.submission_resend(submission_id=submission_id, actor=request.user)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
        return redirect(request.META.get("HTTP_REFERER") or "/")
    messages.success(request, _("The submission is queued again and will be sent now."))
    page = "cases:centre-case" if request.user.role == Role.CENTRE_STAFF else "cases:case"
    return redirect(page, reference=submission.case.reference)
