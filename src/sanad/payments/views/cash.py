"""/centre/cash/: the clerk's drawer for the day and its close; the manager's totals per clerk and method."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from .common import attempt, baisa, visible


@login_required
def drawer_page(request):
    centre = visible(selectors.staff_centre, request.user)
    today = timezone.localdate()
    is_manager = selectors.is_manager(request.user)
    day = today
    if is_manager and request.GET.get("day"):
        day = visible(selectors.parse_day, request.GET.get("day"))
    return render(
        request,
        "payments/cash.html",
        {
            "centre": centre,
            "today": today,
            "drawer": selectors.drawer(request.user, today),
            "history": selectors.closes_of(request.user),
            "is_manager": is_manager,
            "day": day,
            "totals": selectors.daily_totals(centre, day) if is_manager else None,
            "day_payments": selectors.day_payments(centre, day) if is_manager else None,
            "refunds_due": selectors.refunds_due_at(centre),
        },
    )


@login_required
@require_POST
def close(request):
    _result, error = attempt(
        request,
        services.daily_close_create,
        actor=request.user,
        counted_cash=baisa(request.POST.get("counted_cash")),
        note=request.POST.get("note", ""),
    )
    if error is None:
        messages.success(request, _("Your cash drawer for today is closed."))
    return redirect(reverse("payments:cash"))
