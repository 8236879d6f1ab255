"""Appointments: bookable slots from a centre's hours and counters, booking, moving, cancelling,
checking in at the kiosk, no-shows and the reminder the day before.

A slot is SLOT_MINUTES long; its places are the centre's counters that serve appointments in the
service's line. Each booking takes a numbered seat, and a unique key over the held seats
(`queueing_one_booking_per_seat`) makes two bookings of the last place end with exactly one; a second
unique key (`queueing_one_upcoming_per_service`) keeps one upcoming booking per citizen and service,
so ten identical requests at once leave one booking (the others get it back).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.accounts.constants import Role
from sanad.centres import selectors as centres
from sanad.core.errors import Conflict, PermissionDenied, ValidationFailed

from . import selectors
from .constants import (
    ARRIVAL_EARLY_MINUTES,
    ARRIVAL_LATE_MINUTES,
    BOOKING_HORIZON_DAYS,
    NO_SHOW_BLOCK_DAYS,
    NO_SHOW_LIMIT,
    NO_SHOW_WINDOW_DAYS,
    SEAT_STATES,
    SLOT_MINUTES,
    AppointmentState,
    TicketSource,
)
from .messages import appointment_message
from .models import Appointment, Counter


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    capacity: int
    booked: int

    @property
    def available(self) -> int:
        return max(self.capacity - self.booked, 0)


def slot_capacity(centre, service) -> int:
    line = selectors.line_for_service(centre, service)
    if line is None:
        return 0
    return Counter.objects.filter(
        centre_id=centre.pk, takes_appointments=True, is_open=True, lines=line
    ).count()


def _check_offered(centre, service) -> None:
    from sanad.centres.models import CentreService

    if not CentreService.objects.filter(
        centre_id=centre.pk, service_id=service.pk, service__current_version__status="published"
    ).exists():
        raise ValidationFailed(errors={"service": [_("This centre does not offer this service.")]})


def slots_on(*, centre, service, day: date, now=None) -> list[Slot]:
    """The day's slots still to come (holidays and the centre's exceptions respected)."""
    now = now or timezone.now()
    _check_offered(centre, service)
    hours = centres.centre_hours_on(centre, day)
    capacity = slot_capacity(centre, service)
    if hours.is_closed or capacity == 0:
        return []
    zone = timezone.get_current_timezone()
    midnight = datetime.combine(day, time(0), tzinfo=zone)
    starts = []
    for opens, closes in hours.periods:
        minute = opens
        while minute + SLOT_MINUTES <= closes:
            start = midnight + timedelta(minutes=minute)
            if start > now:
                starts.append(start)
            minute += SLOT_MINUTES
    booked = dict(
        Appointment.objects.filter(
            centre_id=centre.pk, service_id=service.pk, state__in=SEAT_STATES, start__in=starts
        )
        .values_list("start")
        .annotate(n=Count("id"))
    )
    return [
        Slot(start=s, end=s + timedelta(minutes=SLOT_MINUTES), capacity=capacity, booked=booked.get(s, 0))
        for s in starts
    ]


def booking_blocked_until(citizen, *, now=None) -> datetime | None:
    """Three no-shows within 90 days block booking for 30 days from the last of them."""
    now = now or timezone.now()
    missed = list(
        Appointment.objects.filter(
            citizen=citizen,
            state=AppointmentState.NO_SHOW,
            start__gte=now - timedelta(days=NO_SHOW_WINDOW_DAYS),
        )
        .order_by("-start")
        .values_list("start", flat=True)[:NO_SHOW_LIMIT]
    )
    if len(missed) < NO_SHOW_LIMIT:
        return None
    until = missed[0] + timedelta(days=NO_SHOW_BLOCK_DAYS)
    return until if until > now else None


def appointments_close_past(*, citizen=None, now=None) -> int:
    """Bookings whose arrival window ended without a check-in become no-shows."""
    now = now or timezone.now()
    qs = Appointment.objects.filter(
        state=AppointmentState.BOOKED, start__lt=now - timedelta(minutes=ARRIVAL_LATE_MINUTES)
    )
    if citizen is not None:
        qs = qs.filter(citizen=citizen)
    return qs.update(state=AppointmentState.NO_SHOW)


def _parse_start(start) -> datetime:
    if isinstance(start, str):
        from django.utils.dateparse import parse_datetime

        try:
            parsed = parse_datetime(start.strip())
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationFailed(
                errors={
                    "start": [_("Enter the slot's start as a date and time, e.g. 2026-12-06T09:30+04:00.")]
                }
            )
        start = parsed
    if timezone.is_naive(start):
        start = timezone.make_aware(start)
    return start


def appointment_book(*, citizen, centre, service, start, now=None) -> Appointment:
    """Book a place in a slot. The same booking asked for again returns the first one."""
    now = now or timezone.now()
    if citizen is None or not citizen.is_authenticated or citizen.role != Role.CITIZEN:
        raise PermissionDenied(_("Only citizens book appointments, for themselves."))
    start = _parse_start(start)
    if not centres.centre_can_open_cases(centre, timezone.localtime(now).date()):
        raise Conflict(_("This centre is not taking appointments now."))
    _check_offered(centre, service)
    appointments_close_past(citizen=citizen, now=now)
    blocked = booking_blocked_until(citizen, now=now)
    if blocked:
        raise Conflict(
            _(
                "You missed three appointments in the last 90 days, so you cannot book until %(date)s. "
                "You can still take a ticket at the centre."
            )
            % {"date": timezone.localtime(blocked).strftime("%Y-%m-%d")}
        )
    existing = Appointment.objects.filter(
        citizen=citizen, service=service, state=AppointmentState.BOOKED
    ).first()
    if existing:
        if existing.centre_id == centre.pk and existing.start == start:
            return existing
        raise Conflict(
            _("You already have an appointment for this service. Move it instead of booking a second one."),
            appointment=existing.pk,
            move=f"/my/appointments/{existing.pk}/",
        )
    if start <= now:
        raise ValidationFailed(errors={"start": [_("This time has passed. Choose a later slot.")]})
    local_day = timezone.localtime(start).date()
    if local_day > timezone.localtime(now).date() + timedelta(days=BOOKING_HORIZON_DAYS):
        raise ValidationFailed(
            errors={
                "start": [
                    _("Appointments can be booked up to %(days)d days ahead.")
                    % {"days": BOOKING_HORIZON_DAYS}
                ]
            }
        )
    hours = centres.centre_hours_on(centre, local_day)
    if hours.is_closed:
        reason = hours.reason or _("its weekly day off")
        raise ValidationFailed(
            errors={
                "start": [
                    _("The centre is closed on this day (%(reason)s). Choose another day.")
                    % {"reason": reason}
                ]
            }
        )
    slot = next(
        (s for s in slots_on(centre=centre, service=service, day=local_day, now=now) if s.start == start),
        None,
    )
    if slot is None:
        raise ValidationFailed(
            errors={"start": [_("There is no slot at this time. Choose one of the listed slots.")]}
        )
    for seat in range(slot.capacity):
        try:
            with transaction.atomic():
                appointment = Appointment.objects.create(
                    centre=centre,
                    service=service,
                    citizen=citizen,
                    start=slot.start,
                    end=slot.end,
                    seat=seat,
                )
                appointment_message(appointment, "appointment_booked")
            return appointment
        except IntegrityError:
            again = Appointment.objects.filter(
                citizen=citizen, service=service, state=AppointmentState.BOOKED
            ).first()
            if again is not None:  # the same citizen's other request won
                if again.centre_id == centre.pk and again.start == start:
                    return again
                raise Conflict(
                    _(
                        "You already have an appointment for this service. Move it instead of booking a second one."
                    ),
                    appointment=again.pk,
                ) from None
            continue  # someone else took this seat: try the next
    raise Conflict(_("This slot is full. Choose another time."))


def appointment_cancel(*, appointment_id, actor, now=None) -> Appointment:
    with transaction.atomic():
        appointment = selectors.appointment_for(actor, appointment_id)
        appointment = (
            Appointment.objects.select_for_update().select_related("centre", "service").get(pk=appointment.pk)
        )
        if appointment.state != AppointmentState.BOOKED:
            raise Conflict(_("Only a booked appointment can be cancelled."), current_state=appointment.state)
        appointment.state, appointment.cancelled_at = AppointmentState.CANCELLED, now or timezone.now()
        appointment.save(update_fields=["state", "cancelled_at"])
        appointment_message(appointment, "appointment_cancelled")
    return appointment


def appointment_move(*, appointment_id, actor, start, now=None) -> Appointment:
    """Give up the booking and take the new slot in one transaction: if the new slot cannot be had
    (full, past, a holiday, blocked), the error leaves the first booking exactly as it was. The old
    row is locked first, so two moves of one booking at once end with one new booking and a 409."""
    now = now or timezone.now()
    with transaction.atomic():
        old = selectors.appointment_for(actor, appointment_id)
        if old.citizen_id != actor.pk:
            raise PermissionDenied(_("Only the citizen who booked can move the appointment."))
        old = Appointment.objects.select_for_update().select_related("centre", "service").get(pk=old.pk)
        if old.state != AppointmentState.BOOKED:
            raise Conflict(_("Only a booked appointment can be moved."), current_state=old.state)
        if _parse_start(start) == old.start:
            raise ValidationFailed(
                errors={"start": [_("Your appointment is already at this time. Choose another slot.")]}
            )
        Appointment.objects.filter(pk=old.pk).update(state=AppointmentState.CANCELLED, cancelled_at=now)
        return appointment_book(citizen=actor, centre=old.centre, service=old.service, start=start, now=now)


def appointment_check_in(*, centre, citizen, now=None):
    """At the kiosk: within the window (30 minutes before to 10 after) the appointment goes to the
    front of its line; later, the citizen gets an ordinary ticket. Returns (appointment, ticket)."""
    from .services import ticket_take

    now = now or timezone.now()
    midnight = datetime.combine(
        timezone.localtime(now).date(), time(0), tzinfo=timezone.get_current_timezone()
    )
    todays = list(
        Appointment.objects.filter(
            centre_id=centre.pk, citizen=citizen, start__gte=midnight, start__lt=midnight + timedelta(days=1)
        ).select_related("service")
    )
    booked = [a for a in todays if a.state == AppointmentState.BOOKED]
    if not booked:
        if any(a.state in (AppointmentState.CHECKED_IN, AppointmentState.LATE) for a in todays):
            raise Conflict(_("This appointment is already checked in. Wait for your number on the screen."))
        raise Conflict(_("No appointment today at this centre for this civil number."))
    appointment = min(booked, key=lambda a: abs((a.start - now).total_seconds()))
    if now < appointment.start - timedelta(minutes=ARRIVAL_EARLY_MINUTES):
        raise Conflict(
            _("Too early: check in from %(time)s.")
            % {
                "time": timezone.localtime(
                    appointment.start - timedelta(minutes=ARRIVAL_EARLY_MINUTES)
                ).strftime("%H:%M")
            }
        )
    late = now > appointment.start + timedelta(minutes=ARRIVAL_LATE_MINUTES)
    with transaction.atomic():
        taken = Appointment.objects.filter(pk=appointment.pk, state=AppointmentState.BOOKED).update(
            state=AppointmentState.LATE if late else AppointmentState.CHECKED_IN, checked_in_at=now
        )
        if not taken:
            raise Conflict(_("This appointment is already checked in. Wait for your number on the screen."))
        appointment.refresh_from_db()
        ticket = ticket_take(
            centre=centre,
            service=appointment.service,
            source=TicketSource.APPOINTMENT if not late else TicketSource.KIOSK,
            citizen=citizen,
            appointment=None if late else appointment,
            now=now,
            language=citizen.preferred_language or "ar",
        )
    return appointment, ticket


def appointment_reminders(*, now=None) -> int:
    """The reminder the day before (hourly task; each appointment is reminded once)."""
    now = now or timezone.now()
    appointments_close_past(now=now)
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    zone = timezone.get_current_timezone()
    start = datetime.combine(tomorrow, time(0), tzinfo=zone)
    due = Appointment.objects.filter(
        state=AppointmentState.BOOKED,
        reminded_at__isnull=True,
        start__gte=start,
        start__lt=start + timedelta(days=1),
    ).select_related("centre", "service__current_version", "citizen")
    sent = 0
    for appointment in due:
        with transaction.atomic():
            if Appointment.objects.filter(pk=appointment.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                appointment_message(appointment, "appointment_reminder")
                sent += 1
    return sent
