"""Booking pages: choose a day and a slot on a phone, see, move or cancel one's appointments."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.accounts.access import message_for, restrict
from sanad.centres import selectors as centres
from sanad.core.errors import DomainError, NotFound

from . import appointments, selectors
from .views import _error_text, _public_centre

DAYS_SHOWN = 7


def _citizen_only(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not restrict(request.user, "appointments.book"):
        raise DjangoPermissionDenied(message_for("appointments.book"))
    return None


def _open_days(centre, start: date, count: int) -> list[dict]:
    days, day = [], start
    while len(days) < count and day < start + timedelta(days=30):
        hours = centres.centre_hours_on(centre, day)
        if not hours.is_closed:
            days.append({"date": day})
        day += timedelta(days=1)
    return days


def book(request, centre_id: int):
    from sanad.catalogue.models import Service

    refusal = _citizen_only(request)
    if refusal:
        return refusal
    centre = _public_centre(centre_id)
    code = (request.POST.get("service") or request.GET.get("service") or "").strip()
    service = Service.objects.filter(code=code).select_related("current_version").first()
    offered = [p.service for p in centres.centre_prices(centre)]
    if service is None or service not in offered:
        service = None
    move = request.POST.get("move") or request.GET.get("move") or ""
    error, status = "", 200
    if request.method == "POST" and service is not None:
        try:
            if move:
                appointment = appointments.appointment_move(
                    appointment_id=move, actor=request.user, start=request.POST.get("start", "")
                )
            else:
                appointment = appointments.appointment_book(
                    citizen=request.user, centre=centre, service=service, start=request.POST.get("start", "")
                )
        except DomainError as exc:
            error, status = _error_text(exc), exc.status
            if exc.extra.get("appointment"):
                existing = exc.extra["appointment"]
                return render(
                    request,
                    "queueing/book.html",
                    _book_context(request, centre, service, offered, move, error, existing=existing),
                    status=status,
                )
        else:
            messages.success(request, _("Booked. An SMS confirms it; we remind you the day before."))
            return redirect("queueing:appointment", appointment_id=appointment.pk)
    return render(
        request,
        "queueing/book.html",
        _book_context(request, centre, service, offered, move, error),
        status=status,
    )


def _book_context(request, centre, service, offered, move, error, existing=None) -> dict:
    today = timezone.localdate()
    days = _open_days(centre, today, DAYS_SHOWN)
    try:
        chosen = date.fromisoformat(request.GET.get("date", "") or request.POST.get("date", ""))
    except ValueError:
        chosen = days[0]["date"] if days else today
    slots = []
    if service is not None:
        try:
            slots = appointments.slots_on(centre=centre, service=service, day=chosen)
        except DomainError:
            slots = []
    return {
        "centre": centre,
        "service": service,
        "offered": offered,
        "days": days,
        "chosen": chosen,
        "slots": slots,
        "move": move,
        "error": error,
        "existing": existing,
        "blocked_until": appointments.booking_blocked_until(request.user),
    }


def my_appointments(request):
    refusal = _citizen_only(request)
    if refusal:
        return refusal
    items = selectors.appointments_visible_to(request.user).order_by("-start")[:50]
    return render(request, "queueing/my_appointments.html", {"appointments": items, "now": timezone.now()})


def appointment_page(request, appointment_id: int):
    refusal = _citizen_only(request)
    if refusal:
        return refusal
    try:
        appointment = selectors.appointment_for(request.user, appointment_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "queueing/appointment.html", {"appointment": appointment})


@require_POST
def cancel(request, appointment_id: int):
    refusal = _citizen_only(request)
    if refusal:
        return refusal
    try:
        appointments.appointment_cancel(appointment_id=appointment_id, actor=request.user)
        messages.success(request, _("Your appointment is cancelled."))
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("queueing:appointment", appointment_id=appointment_id)
