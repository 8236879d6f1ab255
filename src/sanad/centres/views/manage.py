"""The centre console (/centre/manage/): details, hours, prices and staff of the staff's own centre.
Clerks see it; only the manager and the owner change it (a clerk's POST is a 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.accounts.constants import Gender

from .. import selectors, services
from ..constants import MANAGING_ROLES, RENEWAL_WINDOW_DAYS, WEEK_ORDER, LicenceAction, StaffRole, Weekday
from ..hours import format_minutes
from .common import attempt, field_errors


def _own_centre_id(request) -> int:
    """The centre the signed-in person works at (0: none, which the services answer with a 404)."""
    membership = selectors.staff_membership(request.user)
    return membership.centre_id if membership else 0


def _context(request, section: str) -> dict:
    membership = selectors.staff_membership(request.user)
    if membership is None:
        return {}
    centre = membership.centre
    return {
        "centre": centre,
        "role": membership.role,
        "role_label": StaffRole(membership.role).label,
        "can_manage": membership.role in MANAGING_ROLES,
        "is_owner": membership.role == StaffRole.OWNER,
        "section": section,
        "licence": centre.licence,
        "licence_state": selectors.licence_state_today(centre.licence),
    }


def _page(request, template: str, section: str, extra: dict | None = None, *, error=None, status=200):
    context = _context(request, section)
    if not context:
        return render(request, "centres/manage/no_centre.html", status=404)
    context.update(extra or {})
    context.update(
        {"error": error, "error_details": field_errors(error), "posted": request.POST if error else {}}
    )
    return render(request, template, context, status=status)


@login_required
def overview(request, *, error=None, status=200):
    context = _context(request, "overview")
    if not context:
        return render(request, "centres/manage/no_centre.html", status=404)
    centre, licence = context["centre"], context["licence"]
    prices = selectors.centre_prices(centre)
    return _page(
        request,
        "centres/manage/overview.html",
        "overview",
        {
            "renewable": context["is_owner"] and selectors.licence_is_renewable(licence),
            "renewal_window": RENEWAL_WINDOW_DAYS,
            "staff_count": selectors.centre_staff(centre).count(),
            "flagged": [p for p in prices if p.flagged],
            "price_count": len(prices),
            "violations": selectors.centre_open_violations(centre)[:10],
            "inspections": selectors.centre_inspections(centre)[:5],
            "owners": selectors.centre_owners(centre),
        },
        error=error,
        status=status,
    )


@login_required
@require_POST
def contact(request):
    _result, error = attempt(
        request,
        services.centre_update_contact,
        centre_id=_own_centre_id(request),
        actor=request.user,
        phone=request.POST.get("phone", ""),
        email=request.POST.get("email", ""),
        counters=request.POST.get("counters", ""),
        address_ar=request.POST.get("address_ar", ""),
        address_en=request.POST.get("address_en", ""),
    )
    if error:
        return overview(request, error=error, status=error.status)
    messages.success(request, _("The centre's details were saved."))
    return redirect("centres:manage")


@login_required
@require_POST
def renew(request):
    membership = selectors.staff_membership(request.user)
    if membership is None:
        return redirect("centres:manage")
    _result, error = attempt(
        request,
        services.licence_transition,
        flash=True,
        licence_id=membership.centre.licence.pk,
        action=LicenceAction.RENEW,
        actor=request.user,
    )
    if not error:
        messages.success(request, _("The licence was renewed for one year."))
    return redirect("centres:manage")


# --- Hours ----------------------------------------------------------------------------------------

SLOTS = 2  # periods per day in the form (the API takes any number)


def _hours_rows(centre, posted) -> list[dict]:
    rows = []
    week = {day["weekday"]: day["periods"] for day in selectors.centre_week(centre)}
    for day in WEEK_ORDER:
        periods = list(week.get(day, []))
        slots = []
        for index in range(SLOTS):
            if posted:
                opens, closes = posted.get(f"d{day}_o{index}", ""), posted.get(f"d{day}_c{index}", "")
            else:
                opens, closes = periods[index] if index < len(periods) else ("", "")
            slots.append({"index": index, "opens": opens, "closes": closes})
        rows.append({"weekday": day, "label": Weekday(day).label, "slots": slots})
    return rows


@login_required
def hours(request, *, error=None, status=200):
    context = _context(request, "hours")
    if not context:
        return render(request, "centres/manage/no_centre.html", status=404)
    centre = context["centre"]
    exceptions = [
        {
            "item": e,
            "periods": [f"{format_minutes(o)}–{format_minutes(c)}" for o, c in e.periods],
        }
        for e in selectors.centre_exceptions_upcoming(centre)
    ]
    posted = request.POST if error else None
    return _page(
        request,
        "centres/manage/hours.html",
        "hours",
        {
            "rows": _hours_rows(centre, posted if posted and "weekly" in posted else None),
            "exceptions": exceptions,
        },
        error=error,
        status=status,
    )


@login_required
@require_POST
def hours_save(request):
    weekly = {}
    for day in WEEK_ORDER:
        periods = []
        for index in range(SLOTS):
            opens = request.POST.get(f"d{day}_o{index}", "").strip()
            closes = request.POST.get(f"d{day}_c{index}", "").strip()
            if opens or closes:
                periods.append((opens, closes))
        if periods:
            weekly[day] = periods
    _result, error = attempt(
        request,
        services.centre_set_hours,
        centre_id=_own_centre_id(request),
        actor=request.user,
        weekly=weekly,
    )
    if error:
        return hours(request, error=error, status=error.status)
    messages.success(request, _("The opening hours were saved."))
    return redirect("centres:manage-hours")


@login_required
@require_POST
def exception_add(request):
    post = request.POST
    periods = [
        (post.get(f"o{i}", "").strip(), post.get(f"c{i}", "").strip())
        for i in range(SLOTS)
        if post.get(f"o{i}", "").strip() or post.get(f"c{i}", "").strip()
    ]
    _result, error = attempt(
        request,
        services.hours_exception_add,
        centre_id=_own_centre_id(request),
        actor=request.user,
        starts_on=post.get("starts_on", ""),
        ends_on=post.get("ends_on", ""),
        name_ar=post.get("name_ar", ""),
        name_en=post.get("name_en", ""),
        is_closed=post.get("is_closed") == "on",
        periods=periods,
    )
    if error:
        return hours(request, error=error, status=error.status)
    messages.success(request, _("The special hours were added."))
    return redirect("centres:manage-hours")


@login_required
@require_POST
def exception_remove(request, exception_id: int):
    _result, error = attempt(
        request,
        services.hours_exception_remove,
        flash=True,
        centre_id=_own_centre_id(request),
        actor=request.user,
        exception_id=exception_id,
    )
    if not error:
        messages.success(request, _("The special hours were removed."))
    return redirect("centres:manage-hours")


# --- Prices ---------------------------------------------------------------------------------------


@login_required
def prices(request, *, error=None, status=200):
    context = _context(request, "prices")
    if not context:
        return render(request, "centres/manage/no_centre.html", status=404)
    rows = selectors.centre_prices(context["centre"])
    offered = {row.service_id for row in rows}
    return _page(
        request,
        "centres/manage/prices.html",
        "prices",
        {
            "rows": rows,
            "addable": [s for s in selectors.services_offerable() if s.pk not in offered],
            "flagged_count": sum(1 for r in rows if r.flagged),
        },
        error=error,
        status=status,
    )


def _baisa(text: str):
    from sanad.core.money import parse_omr

    try:
        return parse_omr(text)
    except ValueError:
        return None


@login_required
@require_POST
def price_set(request):
    fee = _baisa(request.POST.get("centre_fee_omr", ""))
    _result, error = attempt(
        request,
        services.centre_price_set,
        centre_id=_own_centre_id(request),
        actor=request.user,
        service_code=request.POST.get("service", ""),
        centre_fee=fee if fee is not None else "invalid",
    )
    if error:
        return prices(request, error=error, status=error.status)
    messages.success(request, _("The price was saved."))
    return redirect("centres:manage-prices")


@login_required
@require_POST
def price_remove(request):
    _result, error = attempt(
        request,
        services.centre_price_remove,
        flash=True,
        centre_id=_own_centre_id(request),
        actor=request.user,
        service_code=request.POST.get("service", ""),
    )
    if not error:
        messages.success(request, _("The service was removed from the price list."))
    return redirect("centres:manage-prices")


# --- Staff ----------------------------------------------------------------------------------------


@login_required
def staff(request, *, error=None, status=200):
    context = _context(request, "staff")
    if not context:
        return render(request, "centres/manage/no_centre.html", status=404)
    members = list(selectors.centre_staff(context["centre"]))
    return _page(
        request,
        "centres/manage/staff.html",
        "staff",
        {
            "members": members,
            "genders": Gender.choices,
            "roles": [(StaffRole.CLERK, StaffRole.CLERK.label)]
            + ([(StaffRole.MANAGER, StaffRole.MANAGER.label)] if context["is_owner"] else []),
            "women": sum(1 for m in members if m.gender == Gender.FEMALE),
        },
        error=error,
        status=status,
    )


@login_required
@require_POST
def staff_add(request):
    post = request.POST
    _result, error = attempt(
        request,
        services.staff_add,
        centre_id=_own_centre_id(request),
        actor=request.user,
        username=post.get("username", ""),
        role=post.get("role", ""),
        full_name_ar=post.get("full_name_ar", ""),
        full_name_en=post.get("full_name_en", ""),
        mobile=post.get("mobile", ""),
        gender=post.get("gender", ""),
        is_omani=post.get("is_omani") == "on",
        password=post.get("password", ""),
    )
    if error:
        return staff(request, error=error, status=error.status)
    messages.success(request, _("The staff member was added."))
    return redirect("centres:manage-staff")


@login_required
@require_POST
def staff_remove(request, membership_id: int):
    _result, error = attempt(
        request,
        services.staff_remove,
        flash=True,
        centre_id=_own_centre_id(request),
        actor=request.user,
        membership_id=membership_id,
    )
    if not error:
        messages.success(request, _("The staff member was removed and can no longer open the centre's work."))
    return redirect("centres:manage-staff")
