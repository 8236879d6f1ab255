"""The centre's pages: complaints about this centre (and answering them), its ratings (without the
citizens' identity), and the manager's quality page (each component and its trend)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.accounts.access import gate

from .. import formula as formulas
from .. import selectors, services
from ..constants import ComplaintAction, ComplaintState
from .common import attempt, complaint_context, decorate, load_complaint, reference_view

staff_only = gate("complaints.respond")


def _centre(request):
    from sanad.centres.selectors import staff_membership

    membership = staff_membership(request.user)
    if membership is None:
        raise DjangoPermissionDenied(_("You are not working at a centre now."))
    return membership.centre


@staff_only
def complaints(request):
    centre = _centre(request)
    qs = selectors.complaints_visible_to(request.user).order_by("-created_at", "-pk")
    state = request.GET.get("state", "")
    if state in ComplaintState.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    waiting = selectors.complaints_visible_to(request.user).filter(
        state=ComplaintState.INVESTIGATING, centre_response_due_at__isnull=False
    )
    return render(
        request,
        "feedback/centre/complaints.html",
        {
            "centre": centre,
            "page": page,
            "complaints": [decorate(c) for c in page.object_list],
            "waiting": waiting.count(),
            "states": ComplaintState.choices,
            "state": state,
        },
    )


@staff_only
@reference_view
def complaint_page(request, reference: str, error=None, status=200):
    complaint = load_complaint(request, reference)
    context = complaint_context(request, complaint, error=error)
    context["can_respond"] = any(a["action"] == ComplaintAction.CENTRE_RESPOND for a in context["actions"])
    return render(request, "feedback/centre/complaint.html", context, status=status)


@staff_only
@reference_view
@require_POST
def respond(request, reference: str):
    complaint = load_complaint(request, reference)
    _result, error = attempt(
        services.complaint_transition,
        complaint_id=complaint.pk,
        action=ComplaintAction.CENTRE_RESPOND,
        actor=request.user,
        note=request.POST.get("note", "")[:4000],
    )
    if error is not None:
        return complaint_page(request, reference, error=error, status=error.status)
    messages.success(request, _("Your response was sent to the regulator."))
    return redirect("feedback:centre-complaint", reference=reference)


@staff_only
def ratings(request):
    centre = _centre(request)
    qs = selectors.ratings_for_centre(request.user)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/centre/ratings.html",
        {
            "centre": centre,
            "page": page,
            "ratings": page.object_list,
            "summary": selectors.rating_summary(qs),
        },
    )


@staff_only
def quality(request):
    centre = _centre(request)
    if not selectors.is_manager(request.user):
        raise DjangoPermissionDenied(_("The quality page is for the centre's manager and owner."))
    trend = selectors.centre_quality_trend(centre.pk, months=6)
    latest = trend[-1] if trend else None
    formula = formulas.current()
    rows = []
    for component in formula.components:
        history = [(s.period, (s.components.get(component.key) or {}).get("score")) for s in trend]
        current = (latest.components.get(component.key) if latest else None) or {}
        rows.append({"component": component, "current": current, "history": history})
    ranking = selectors.quality_ranking(wilayat=centre.wilayat.code) if latest else {"rows": []}
    mine = next((r for r in ranking["rows"] if r.centre_id == centre.pk), None)
    return render(
        request,
        "feedback/centre/quality.html",
        {
            "centre": centre,
            "latest": latest,
            "trend": trend,
            "rows": rows,
            "formula": formula,
            "mine": mine,
            "reason": selectors.reason_text(latest.reason, latest.formula_version)
            if latest and latest.reason
            else "",
        },
    )
