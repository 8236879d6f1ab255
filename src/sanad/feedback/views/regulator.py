"""The regulator's pages: the complaint desk (filter, assign, investigate, ask the centre, decide,
refund an overcharge, record a violation), the quality ranking, and hiding abusive comments."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.accounts.access import gate
from sanad.core.money import format_omr

from .. import formula as formulas
from .. import selectors, services
from ..constants import ComplaintAction, ComplaintKind, ComplaintState
from .common import (
    attempt,
    complaint_context,
    decorate,
    load_complaint,
    reference_view,
)

regulator_only = gate("complaints.desk")


@regulator_only
def desk(request):
    from sanad.geo.selectors import governorates_with_wilayats

    qs = selectors.complaints_visible_to(request.user).order_by("due_at", "-created_at")
    q = request.GET
    state = q.get("state", "open")
    if state == "open":
        qs = qs.exclude(state__in=(ComplaintState.UPHELD, ComplaintState.DISMISSED, ComplaintState.RESOLVED))
    elif state in ComplaintState.values:
        qs = qs.filter(state=state)
    if q.get("kind") in ComplaintKind.values:
        qs = qs.filter(kind=q["kind"])
    if q.get("governorate"):
        qs = qs.filter(centre__wilayat__governorate__code=q["governorate"])
    if q.get("overdue") == "1":
        now = timezone.now()
        qs = qs.filter(pk__in=selectors.complaints_overdue(now=now).values("pk")) | qs.filter(
            escalated_at__isnull=False
        ).exclude(state__in=(ComplaintState.UPHELD, ComplaintState.DISMISSED, ComplaintState.RESOLVED))
    if q.get("mine") == "1":
        qs = qs.filter(assignee=request.user)
    reference = q.get("q", "").strip().upper()[:40]
    if reference:  # a complaint's or its transaction's reference, whatever state the list shows
        qs = selectors.complaints_visible_to(request.user).filter(
            Q(reference__startswith=reference) | Q(case__reference__startswith=reference)
        )
    page = Paginator(qs.order_by("due_at", "-created_at"), 25).get_page(q.get("page"))
    params = q.copy()
    params.pop("page", None)
    return render(
        request,
        "feedback/regulator/desk.html",
        {
            "page": page,
            "complaints": [decorate(c) for c in page.object_list],
            "states": ComplaintState.choices,
            "kinds": ComplaintKind.choices,
            "governorates": list(governorates_with_wilayats()),
            "filters": {k: q.get(k, "") for k in ("q", "kind", "governorate", "overdue", "mine")}
            | {"state": state},
            "querystring": params.urlencode(),
            "counts": {
                "open": selectors.complaints_visible_to(request.user)
                .exclude(state__in=(ComplaintState.UPHELD, ComplaintState.DISMISSED, ComplaintState.RESOLVED))
                .count(),
                "overdue": selectors.complaints_overdue(now=timezone.now()).count(),
            },
        },
    )


@regulator_only
@reference_view
def complaint_page(request, reference: str, error=None, status=200):
    from sanad.centres.constants import Severity

    complaint = load_complaint(request, reference)
    context = complaint_context(request, complaint, error=error)
    facts = selectors.overcharge_facts(complaint) if complaint.kind == ComplaintKind.OVERCHARGING else None
    context.update(
        {
            "facts": facts,
            "regulators": list(selectors.regulators()),
            "can_refund": complaint.state == ComplaintState.UPHELD
            and complaint.kind == ComplaintKind.OVERCHARGING
            and complaint.case_id is not None
            and not complaint.events.filter(action=ComplaintAction.REFUND).exists(),
            "can_violate": complaint.state == ComplaintState.UPHELD and complaint.inspection_id is None,
            "severities": Severity.choices,
            "suggested_refund": format_omr(facts["overcharge"]).split()[0]
            if facts and facts["overcharge"]
            else "",
            "licence_id": getattr(getattr(complaint.centre, "licence", None), "pk", None),
        }
    )
    return render(request, "feedback/regulator/complaint.html", context, status=status)


def _back(request, reference, result, error, success):
    if error is not None:
        return complaint_page(request, reference, error=error, status=error.status)
    messages.success(request, success)
    return redirect("feedback:desk-complaint", reference=reference)


@regulator_only
@reference_view
@require_POST
def act(request, reference: str):
    from sanad.accounts.models import User

    complaint = load_complaint(request, reference)
    assignee = None
    if request.POST.get("assignee", "").isdigit():
        assignee = User.objects.filter(pk=int(request.POST["assignee"])).first()
    try:
        expected = int(request.POST.get("expected_version", ""))
    except ValueError:
        expected = None
    result, error = attempt(
        services.complaint_transition,
        complaint_id=complaint.pk,
        action=request.POST.get("action", ""),
        actor=request.user,
        note=request.POST.get("note", "")[:4000],
        assignee=assignee,
        expected_version=expected,
    )
    success = (
        _("Done: the complaint is now “%(state)s”. The citizen has been told.")
        % {"state": result.get_state_display()}
        if result
        else ""
    )
    return _back(request, reference, result, error, success)


@regulator_only
@reference_view
@require_POST
def refund(request, reference: str):
    from sanad.cases.forms import baisa_from_text

    complaint = load_complaint(request, reference)
    baisa, message = baisa_from_text(request.POST.get("amount", ""))
    if message or not baisa:
        from sanad.core.errors import ValidationFailed

        text = message or _("Enter the amount to give back.")
        return _back(request, reference, None, ValidationFailed(text, errors={"amount": [text]}), "")
    result, error = attempt(
        services.complaint_refund,
        complaint_id=complaint.pk,
        actor=request.user,
        centre_fee=baisa,
        note=request.POST.get("note", "")[:300],
    )
    success = (
        _("Refund of %(amount)s ordered; the citizen has been told.")
        % {"amount": format_omr(sum(r.total for r in result))}
        if result
        else ""
    )
    return _back(request, reference, result, error, success)


@regulator_only
@reference_view
@require_POST
def violation(request, reference: str):
    complaint = load_complaint(request, reference)
    result, error = attempt(
        services.complaint_record_violation,
        complaint_id=complaint.pk,
        actor=request.user,
        severity=request.POST.get("severity", ""),
        description=request.POST.get("description", "")[:1000],
    )
    return _back(request, reference, result, error, _("The violation was recorded on the centre."))


@regulator_only
def ranking(request):
    from sanad.geo.selectors import governorates_with_wilayats

    governorates = list(governorates_with_wilayats())
    governorate = request.GET.get("governorate", "")
    wilayat = request.GET.get("wilayat", "")
    if governorate not in {g.code for g in governorates}:
        governorate = ""
    if wilayat not in {w.code for g in governorates for w in g.wilayats.all()}:
        wilayat = ""
    data = selectors.quality_ranking(governorate=governorate, wilayat=wilayat)
    page = Paginator(data["rows"], 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "feedback/regulator/ranking.html",
        {
            "period": data["period"],
            "page": page,
            "rows": page.object_list,
            "governorates": governorates,
            "filters": {"governorate": governorate, "wilayat": wilayat},
            "scored": sum(1 for r in data["rows"] if r.index is not None),
            "total": len(data["rows"]),
            "querystring": params.urlencode(),
            "formula": formulas.current(),
        },
    )


@regulator_only
def moderation(request):
    show = request.GET.get("show", "visible")
    qs = selectors.ratings_for_regulator(request.user)
    qs = qs.filter(hidden_at__isnull=False) if show == "hidden" else qs.filter(hidden_at__isnull=True)
    if request.GET.get("low") == "1":
        qs = qs.filter(overall__lte=2)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/regulator/moderation.html",
        {"page": page, "ratings": page.object_list, "show": show},
    )


@regulator_only
@require_POST
def hide(request, rating_id: int):
    _result, error = attempt(
        services.rating_hide, rating_id=rating_id, actor=request.user, reason=request.POST.get("reason", "")
    )
    if error is not None:
        messages.error(
            request,
            error.message if not error.errors else " ".join(str(m) for v in error.errors.values() for m in v),
        )
    else:
        messages.success(request, _("The comment is hidden. It stays on record with your name and reason."))
    return redirect("feedback:moderation")
