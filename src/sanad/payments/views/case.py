"""Paying for a case on the web: the clerk takes cash or a card at the counter, the citizen pays
online through the gateway's page and comes back to a page that waits for the gateway's word."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.cases.selectors import case_for

from .. import selectors, services
from ..constants import PaymentMethod, PaymentState
from ..panels import panel_context
from .common import attempt, baisa, safe_next, visible


@login_required
def case_payments(request, reference):
    case = visible(case_for, request.user, reference)
    panel = {**panel_context(request, case), "case": case}
    return render(
        request, "payments/case.html", {"case": case, "panel": panel, "case_url": _case_page(request, case)}
    )


def _case_page(request, case) -> str | None:
    """The case's own page (the centre's or the citizen's), if the cases area serves one."""
    from django.urls import NoReverseMatch

    from sanad.cases.selectors import is_staff_of

    name = "cases:centre-case" if is_staff_of(request.user, case.centre) else "cases:my-case"
    try:
        return reverse(name, args=[case.reference])
    except NoReverseMatch:
        return None


@login_required
@require_POST
def take(request, reference):
    """Cash or card at the counter. The form's one-time key makes a double click one payment."""
    case = visible(case_for, request.user, reference)
    fallback = reverse("payments:case", args=[case.reference])
    method = request.POST.get("method", "")
    payment, error = attempt(
        request,
        services.payment_create,
        case=case,
        actor=request.user,
        method=method,
        amount=baisa(request.POST.get("amount")),
        approval_reference=request.POST.get("approval_reference", ""),
        idempotency_key="web:" + request.POST.get("form_key", "")[:64]
        if request.POST.get("form_key")
        else None,
    )
    if error is None:
        messages.success(
            request,
            _("Payment recorded. Receipt %(number)s is ready to print.") % {"number": payment.receipt.number},
        )
    return redirect(safe_next(request, fallback))


@login_required
@require_POST
def pay_online(request, reference):
    """The citizen starts (or resumes) an online payment and goes to the gateway's page."""
    case = visible(case_for, request.user, reference)
    pending = selectors.case_pending_payment(case)
    if (
        pending is not None
        and pending.method == PaymentMethod.ONLINE
        and pending.created_by_id == request.user.pk
    ):
        return HttpResponseRedirect(pending.gateway_url)
    payment, error = attempt(
        request,
        services.payment_create,
        case=case,
        actor=request.user,
        method=PaymentMethod.ONLINE,
        amount=baisa(request.POST.get("amount")),
        idempotency_key="web:" + request.POST.get("form_key", "")[:64]
        if request.POST.get("form_key")
        else None,
        return_url=request.build_absolute_uri(reverse("payments:online-return", args=[case.reference])),
        callback_url=request.build_absolute_uri(reverse("api:payment-gateway-callback")),
    )
    if error is not None:
        return redirect(safe_next(request, reverse("payments:case", args=[case.reference])))
    return HttpResponseRedirect(payment.gateway_url)


def _latest_online(case):
    return (
        case.payments.filter(method=PaymentMethod.ONLINE)
        .select_related("receipt")
        .order_by("-created_at", "-pk")
        .first()
    )


@login_required
def online_return(request, reference):
    """Where the gateway sends the browser back. It records nothing: whatever the address says, only
    the gateway's signed callback or a status query decides. It shows what is known and waits."""
    case = visible(case_for, request.user, reference)
    return render(
        request,
        "payments/online_return.html",
        {"case": case, "payment": _latest_online(case), "PaymentState": PaymentState},
    )


@login_required
def online_status(request, reference):
    case = visible(case_for, request.user, reference)
    return render(
        request,
        "payments/_online_status.html",
        {"case": case, "payment": _latest_online(case), "PaymentState": PaymentState},
    )


@login_required
@require_POST
def refund(request, payment_id):
    payment = visible(selectors.payment_for, request.user, payment_id)
    _result, error = attempt(
        request,
        services.refund_create,
        payment_id=payment.pk,
        actor=request.user,
        government_fee=baisa(request.POST.get("government_fee"), 0),
        centre_fee=baisa(request.POST.get("centre_fee"), 0),
        vat=baisa(request.POST.get("vat"), 0),
        note=request.POST.get("note", ""),
    )
    if error is None:
        messages.success(request, _("The refund was recorded and its credit note issued."))
    return redirect(safe_next(request, reverse("payments:case", args=[payment.case.reference])))


@login_required
@require_POST
def hand_back(request, refund_id):
    refund_obj, error = attempt(request, services.refund_pay_out, refund_id=refund_id, actor=request.user)
    if error is None:
        messages.success(request, _("The cash refund is recorded as handed back."))
        return redirect(safe_next(request, reverse("payments:case", args=[refund_obj.case.reference])))
    return redirect(safe_next(request, reverse("payments:cash")))
