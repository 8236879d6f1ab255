"""Pages of the front door: the kiosk at the door (and on the citizen's phone), a ticket's own page,
the waiting-room board, and the clerk's queue console. Thin: parse, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanad.centres import selectors as centres
from sanad.core.errors import DomainError, NotFound

from . import appointments, selectors, services
from .constants import Priority, TicketSource, TicketState
from .models import Line


def _public_centre(centre_id):
    try:
        return selectors.queue_centre(centre_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _error_text(exc: DomainError) -> str:
    details = [m for messages_ in exc.errors.values() for m in messages_]
    return " ".join(details) or exc.message


def _offered_by_line(centre) -> list[dict]:
    """The services the centre offers, grouped by the line that serves them."""
    prices = centres.centre_prices(centre)
    lines = selectors.centre_lines(centre)
    groups = {line.pk: {"line": line, "services": []} for line in lines}
    for price in prices:
        line = selectors.line_for_service(centre, price.service)
        if line is not None:
            groups[line.pk]["services"].append(price.service)
    return [g for g in groups.values() if g["services"]]


# --- Kiosk -----------------------------------------------------------------------------------------


def kiosk(request, centre_id: int, *, error: str = "", status: int = 200, checkin_error: str = ""):
    centre = _public_centre(centre_id)
    now = timezone.now()
    chosen = request.GET.get("service", "") or request.POST.get("service", "")
    return render(
        request,
        "queueing/kiosk.html",
        {
            "centre": centre,
            "groups": _offered_by_line(centre),
            "priorities": Priority.choices,
            "is_open": centres.centre_is_open_at(centre, now),
            "summary": selectors.queue_summary(centre, now=now),
            "chosen": chosen,
            "via_phone": request.GET.get("via") == "phone" or request.POST.get("via") == "phone",
            "error": error,
            "checkin_error": checkin_error,
        },
        status=status,
    )


@require_POST
def kiosk_ticket(request, centre_id: int):
    from sanad.catalogue.models import Service

    centre = _public_centre(centre_id)
    service = Service.objects.filter(code=request.POST.get("service", "").strip()).first()
    if service is None:
        return kiosk(request, centre_id, error=_("Choose the service you came for."), status=422)
    user = request.user if request.user.is_authenticated else None
    try:
        ticket = services.ticket_take(
            centre=centre,
            service=service,
            priority=request.POST.get("priority", "").strip(),
            mobile=request.POST.get("mobile", "").strip(),
            source=TicketSource.PHONE if request.POST.get("via") == "phone" else TicketSource.KIOSK,
            citizen=user,
            language=request.LANGUAGE_CODE,
        )
    except DomainError as exc:
        return kiosk(request, centre_id, error=_error_text(exc), status=exc.status)
    return redirect("queueing:ticket", ticket_id=ticket.pk, token=ticket.token)


@require_POST
def kiosk_check_in(request, centre_id: int):
    from django.core.exceptions import ValidationError

    from sanad.accounts.identity import normalise_id_number
    from sanad.accounts.models import CitizenProfile

    centre = _public_centre(centre_id)
    try:
        number = normalise_id_number(request.POST.get("civil_number", ""))
    except ValidationError as exc:
        return kiosk(request, centre_id, checkin_error=" ".join(exc.messages), status=422)
    profile = CitizenProfile.objects.filter(id_number=number).select_related("user").first()
    if profile is None:
        return kiosk(
            request,
            centre_id,
            checkin_error=_("No appointment today at this centre for this civil number."),
            status=409,
        )
    try:
        appointment, ticket = appointments.appointment_check_in(centre=centre, citizen=profile.user)
    except DomainError as exc:
        return kiosk(request, centre_id, checkin_error=_error_text(exc), status=exc.status)
    if appointment.state == "late":
        messages.warning(request, _("You arrived after your appointment's window, so you wait as a walk-in."))
    else:
        messages.success(request, _("Checked in: you are at the front of your line."))
    return redirect("queueing:ticket", ticket_id=ticket.pk, token=ticket.token)


# --- A ticket's page -------------------------------------------------------------------------------


def _ticket_context(ticket) -> dict:
    return {
        "ticket": ticket,
        "ahead": selectors.tickets_ahead(ticket),
        "estimate": selectors.ticket_estimate(ticket),
        "states": TicketState,
    }


def ticket_page(request, ticket_id: int, token: str):
    try:
        ticket = selectors.ticket_public(ticket_id, token)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    template = "queueing/_ticket_status.html" if request.headers.get("HX-Request") else "queueing/ticket.html"
    return render(request, template, _ticket_context(ticket))


@require_POST
def ticket_cancel(request, ticket_id: int, token: str):
    try:
        services.ticket_cancel_by_holder(ticket_id=ticket_id, token=token)
        messages.success(request, _("Your ticket is cancelled."))
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("queueing:ticket", ticket_id=ticket_id, token=token)


# --- Board -----------------------------------------------------------------------------------------


def _both_languages(**texts) -> dict:
    from django.utils import translation

    labels = {}
    for key, text in texts.items():
        labels[key] = {}
        for language in ("ar", "en"):
            with translation.override(language):
                labels[key][language] = str(text)
    return labels


def board_labels() -> dict:
    """The board speaks to everyone in the room: every label in Arabic and in English."""
    from django.utils.translation import gettext_lazy

    return _both_languages(
        serving=gettext_lazy("Now serving"),
        ticket=gettext_lazy("Ticket"),
        counter=gettext_lazy("Counter"),
        nobody=gettext_lazy("No one is being served"),
        waiting_title=gettext_lazy("Waiting"),
        waiting=gettext_lazy("waiting"),
        not_open=gettext_lazy("Counters not open yet"),
        about=gettext_lazy("Wait about"),
        minutes=gettext_lazy("min"),
        next=gettext_lazy("Next"),
        open=gettext_lazy("Counters open"),
        voice=gettext_lazy("Spoken calls"),
        scan=gettext_lazy("Scan to take a ticket on your phone"),
        say_ticket=gettext_lazy("Ticket number"),
        say_counter=gettext_lazy("please go to"),
    )


def board(request, centre_id: int):
    centre = _public_centre(centre_id)
    context = {"centre": centre, "summary": selectors.queue_summary(centre), "labels": board_labels()}
    if request.headers.get("HX-Request"):
        return render(request, "queueing/_board_live.html", context)
    from sanad.payments.pdf import qr_data_uri

    kiosk_url = request.build_absolute_uri(reverse("queueing:kiosk", args=[centre.pk])) + "?via=phone"
    return render(
        request, "queueing/board.html", {**context, "qr": qr_data_uri(kiosk_url), "kiosk_url": kiosk_url}
    )


# --- The clerk's console ---------------------------------------------------------------------------


def _staff_centre(request):
    membership = centres.staff_membership(request.user)
    if membership is None:
        raise Http404(_("Centre not found."))
    return membership.centre


@login_required
def console(request):
    centre = _staff_centre(request)
    counter = selectors.counter_signed_on(request.user)
    current = selectors.current_ticket(counter) if counter else None
    no_show_at = None
    if current and current.called_at:
        from datetime import timedelta

        no_show_at = current.called_at + timedelta(minutes=services.no_show_minutes())
    return render(
        request,
        "queueing/console.html",
        {
            "centre": centre,
            "counter": counter,
            "counters": selectors.counters_of_centre(centre),
            "current": current,
            "no_show_ready": bool(no_show_at and timezone.now() >= no_show_at),
            "no_show_at": no_show_at,
            "summary": selectors.queue_summary(centre),
            "lines": Line.objects.filter(centre=centre).order_by("code"),
            "tickets": selectors.tickets_today(centre).filter(state__in=["waiting", "held", "called"])[:50],
            "priorities": Priority.choices,
            "groups": _offered_by_line(centre),
        },
    )


def _act(request, func, **kwargs):
    try:
        return func(actor=request.user, **kwargs)
    except DomainError as exc:
        messages.error(request, _error_text(exc))
        return None


@login_required
@require_POST
def console_sign_on(request, counter_id: int):
    if _act(request, services.counter_sign_on, counter_id=counter_id):
        messages.success(request, _("Signed on."))
    return redirect("queueing:console")


@login_required
@require_POST
def console_sign_off(request, counter_id: int):
    _act(request, services.counter_sign_off, counter_id=counter_id)
    return redirect("queueing:console")


@login_required
@require_POST
def console_call_next(request):
    counter = selectors.counter_signed_on(request.user)
    if counter is None:
        messages.error(request, _("Sign on to a counter first."))
        return redirect("queueing:console")
    ticket = _act(request, services.counter_call_next, counter_id=counter.pk)
    if ticket:
        messages.success(request, _("Called %(ticket)s.") % {"ticket": ticket.label})
    return redirect("queueing:console")


@login_required
@require_POST
def console_ticket_act(request, ticket_id: int, action: str):
    ticket = _act(
        request,
        services.ticket_act,
        ticket_id=ticket_id,
        action=action,
        line_code=request.POST.get("line", ""),
        counter_id=request.POST.get("counter") or None,
    )
    if ticket:
        messages.success(
            request,
            _("%(ticket)s: %(state)s.") % {"ticket": ticket.label, "state": ticket.get_state_display()},
        )
    return redirect("queueing:console")


@login_required
@require_POST
def console_issue(request):
    from sanad.catalogue.models import Service

    centre = _staff_centre(request)
    service = Service.objects.filter(code=request.POST.get("service", "").strip()).first()
    if service is None:
        messages.error(request, _("Choose the service you came for."))
        return redirect("queueing:console")
    ticket = _act(
        request,
        lambda actor, **kw: services.ticket_take(actor=actor, **kw),
        centre=centre,
        service=service,
        priority=request.POST.get("priority", ""),
        source=TicketSource.CLERK,
        language=request.LANGUAGE_CODE,
    )
    if ticket:
        messages.success(request, _("Ticket %(ticket)s issued.") % {"ticket": ticket.label})
    return redirect("queueing:console")


# --- Available requests (online, any centre near me) -----------------------------------------------


@login_required
def available_requests(request):
    from . import dispatch

    centre = _staff_centre(request)
    return render(
        request,
        "queueing/available_requests.html",
        {"centre": centre, "offers": dispatch.dispatch_offers_for(request.user)[:100]},
    )


@login_required
@require_POST
def available_request_claim(request, request_id: int):
    from . import dispatch

    claimed = _act(
        request, lambda actor, **kw: dispatch.dispatch_claim(actor=actor, **kw), request_id=request_id
    )
    if claimed:
        messages.success(
            request, _("Yours: transaction %(reference)s is open.") % {"reference": claimed.case.reference}
        )
        return redirect("cases:centre-case", reference=claimed.case.reference)
    return redirect("queueing:available-requests")
