"""Settlement: the centre's government fees per institution and month, statements to download, and
remittances recorded (managers); the regulator's national totals."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.accounts.access import message_for, restrict
from sanad.catalogue.models import Institution
from sanad.core.errors import NotFound, PermissionDenied

from .. import selectors, services, statements
from ..constants import StatementFormat
from .common import attempt, baisa, visible


def _managed(request):
    try:
        return selectors.managed_centre(request.user)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _months(count: int = 12) -> list:
    first = selectors.month_start(timezone.localdate())
    months = []
    for _i in range(count):
        months.append(first)
        first = selectors.month_start(first - timedelta(days=1))
    return months


@login_required
def centre_page(request):
    centre = _managed(request)
    period = visible(selectors.parse_period, request.GET.get("period"))
    rows = selectors.ledger(period=period, centre=centre)
    return render(
        request,
        "payments/settlement.html",
        {
            "centre": centre,
            "period": period,
            "months": _months(),
            "rows": rows,
            "totals": selectors.ledger_totals(rows),
            "remittances": selectors.remittances_of(centre=centre, period=period),
            "institutions": Institution.objects.filter(is_active=True).order_by("code"),
            "billing": selectors.billing_profile_for(centre),
            "policy": selectors.refund_policy_for(centre),
            "formats": [f.value for f in StatementFormat],
            "today": timezone.localdate(),
        },
    )


@login_required
def statement_download(request, institution, period, fmt):
    centre = _managed(request)
    if fmt not in StatementFormat.values:
        raise Http404
    institution_obj = Institution.objects.filter(code=institution).first()
    if institution_obj is None:
        raise Http404
    data = statements.statement(
        centre=centre, institution=institution_obj, period=visible(selectors.parse_period, period)
    )
    response = HttpResponse(statements.render(data, fmt), content_type=statements.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{statements.filename(data, fmt)}"'
    return response


@login_required
@require_POST
def remittance_add(request):
    _managed(request)
    period = request.POST.get("period", "")
    _result, error = attempt(
        request,
        services.remittance_record,
        actor=request.user,
        institution=request.POST.get("institution", ""),
        period=period,
        amount=baisa(request.POST.get("amount")),
        remitted_on=request.POST.get("remitted_on", ""),
        reference=request.POST.get("reference", ""),
    )
    if error is None:
        messages.success(request, _("The remittance was recorded."))
    return redirect(reverse("payments:settlement") + (f"?period={period}" if period else ""))


@login_required
@require_POST
def billing_save(request):
    _managed(request)
    _result, error = attempt(
        request,
        services.billing_profile_set,
        actor=request.user,
        vat_number=request.POST.get("vat_number", ""),
        commercial_registration=request.POST.get("commercial_registration", ""),
    )
    if error is None:
        messages.success(request, _("The centre's billing details were saved."))
    return redirect("payments:settlement")


@login_required
@require_POST
def refund_policy_save(request):
    _managed(request)
    _result, error = attempt(
        request,
        services.refund_policy_set,
        actor=request.user,
        refund_before_work=request.POST.get("refund_before_work") == "on",
        refund_after_work=request.POST.get("refund_after_work") == "on",
    )
    if error is None:
        messages.success(request, _("The centre's refund policy was saved."))
    return redirect("payments:settlement")


@login_required
def regulator_page(request):
    if not restrict(request.user, "settlement.national"):
        raise DjangoPermissionDenied(message_for("settlement.national"))
    period = visible(selectors.parse_period, request.GET.get("period"))
    rows = selectors.ledger(period=period)
    return render(
        request,
        "payments/regulator_settlement.html",
        {
            "period": period,
            "months": _months(),
            "rows": rows,
            "totals": selectors.ledger_totals(rows),
            "centres": selectors.national_by_centre(period=period),
        },
    )
