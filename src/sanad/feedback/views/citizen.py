"""The citizen's pages: rating from the case page, my complaints, filing a complaint (about one of
my transactions or about a centre), and a complaint's page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sanad.accounts.access import gate
from sanad.core.errors import DomainError, NotFound

from .. import selectors, services
from ..constants import ATTACHMENT_MAX_KB, COMPLAINT_ATTACHMENTS_MAX, ComplaintKind, RatingChannel
from .common import (
    complaint_context,
    decorate,
    error_details,
    load_complaint,
    reference_view,
)

citizens_only = gate("complaints.file")


@citizens_only
@reference_view
@require_POST
def rate_case(request, reference: str):
    data = {
        name: request.POST.get(name, "")
        for name in ("overall", "speed", "courtesy", "fee_clarity", "comment")
    }
    try:
        services.rating_create(
            actor=request.user, reference=reference, data=data, channel=RatingChannel.PORTAL
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        for message in [exc.message, *error_details(exc)]:
            messages.error(request, message)
        return redirect("cases:my-case", reference=reference)
    messages.success(request, _("Thank you for rating this transaction."))
    return redirect("cases:my-case", reference=reference)


@citizens_only
def my_complaints(request):
    qs = selectors.complaints_visible_to(request.user).order_by("-created_at", "-pk")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/citizen/my_complaints.html",
        {"page": page, "complaints": [decorate(c) for c in page.object_list]},
    )


def _subject(request, source):
    """The case (one of mine) or the centre the complaint is about, from the query or the form."""
    from sanad.cases.selectors import case_for
    from sanad.centres.models import Centre

    case = centre = None
    reference = (source.get("case") or "").strip()
    if reference:
        try:
            case = case_for(request.user, reference)
        except DomainError:
            case = None
    centre_id = (source.get("centre") or "").strip()
    if case is not None:
        centre = case.centre
    elif centre_id.isdigit():
        centre = Centre.objects.filter(pk=int(centre_id)).first()
    return reference, case, centre


@citizens_only
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    source = request.POST if request.method == "POST" else request.GET
    reference, case, centre = _subject(request, source)
    my_cases = []
    if case is None and centre is None:
        from sanad.cases.selectors import cases_visible_to

        my_cases = list(cases_visible_to(request.user).order_by("-created_at")[:20])
    context = {
        "kinds": ComplaintKind.choices,
        "case": case,
        "centre": centre,
        "reference": reference,
        "my_cases": my_cases,
        "max_files": COMPLAINT_ATTACHMENTS_MAX,
        "max_kb": ATTACHMENT_MAX_KB,
        "posted": source if request.method == "POST" else {"kind": source.get("kind", "")},
        "error": None,
        "field_errors": {},
    }
    if request.method == "GET":
        return render(request, "feedback/citizen/complaint_new.html", context)
    try:
        complaint = services.complaint_file(
            actor=request.user,
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", "")[:5000],
            case_reference=reference,
            centre_id=(request.POST.get("centre") or "").strip() or None,
            files=request.FILES.getlist("attachments"),
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        context.update({"error": exc, "error_details": error_details(exc), "field_errors": exc.errors})
        return render(request, "feedback/citizen/complaint_new.html", context, status=exc.status)
    messages.success(
        request,
        _("Your complaint %(reference)s was received. We will tell you of every step.")
        % {"reference": complaint.reference},
    )
    return redirect("feedback:my-complaint", reference=complaint.reference)


@citizens_only
@reference_view
def complaint_page(request, reference: str):
    complaint = load_complaint(request, reference)
    return render(request, "feedback/citizen/complaint.html", complaint_context(request, complaint))
