"""Writes for the walk-in queue: take a ticket, sign on to a counter, call the next ticket, and what a
clerk does with a called ticket. Numbers come from a locked LineDay row (no two tickets share one);
a call takes its ticket with a compare-and-swap update (two counters never call the same ticket).

Who is called next at a counter (`counter_call_next`), over the lines the counter serves:
1. a ticket transferred to this counter, or a checked-in appointment (class 0), oldest first;
2. else a priority ticket (aged 60+, disability, pregnancy), oldest first, unless the line has just
   called PRIORITY_RUN priority tickets in a row while an ordinary ticket waits: then that ordinary
   ticket goes first, so at least one in PRIORITY_RUN + 1 calls serves the ordinary line;
3. else the oldest ordinary ticket.
Between lines of one counter, the candidate that arrived first wins.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.centres import selectors as centres
from sanad.core.errors import Conflict, NotFound, ValidationFailed

from . import selectors
from .constants import (
    ACTIVE_TICKET_STATES,
    NEAR_TURN_AHEAD,
    NO_SHOW_MINUTES,
    PRIORITY_RUN,
    Priority,
    TicketClass,
    TicketSource,
    TicketState,
)
from .models import Counter, Line, LineDay, Ticket


def no_show_minutes() -> int:
    return int(getattr(settings, "QUEUE_NO_SHOW_MINUTES", NO_SHOW_MINUTES))


# --- Taking a ticket -----------------------------------------------------------------------------


def _next_number(line: Line, day) -> int:
    """The next number of the line today. The UPDATE locks the day's row until the transaction ends,
    so two tickets never share a number (the row is a counter, not history: no audit row)."""
    days = LineDay.objects.filter(line=line, day=day)
    if not days.update(last_number=F("last_number") + 1):
        LineDay.objects.get_or_create(line=line, day=day)
        days.update(last_number=F("last_number") + 1)
    return days.values_list("last_number", flat=True).get()


def _check_offered(centre, service):
    from sanad.centres.models import CentreService

    if service is None:
        return
    offered = CentreService.objects.filter(
        centre_id=centre.pk, service_id=service.pk, service__current_version__status="published"
    ).exists()
    if not offered:
        raise ValidationFailed(errors={"service": [_("This centre does not offer this service.")]})


def _check_open(centre, now):
    if not centres.centre_is_open_at(centre, now):
        raise Conflict(_("This centre is closed now. Tickets are given during its opening hours."))


def ticket_take(
    *,
    centre,
    service=None,
    line: Line | None = None,
    priority: str = "",
    source: str = TicketSource.KIOSK,
    citizen=None,
    mobile: str = "",
    actor=None,
    language: str = "ar",
    appointment=None,
    now=None,
) -> Ticket:
    """A new ticket in the line serving `service` (or in `line`). The centre must be licensed, open
    now and offer the service; a clerk may issue tickets only at their own centre."""
    from django.core.exceptions import ValidationError

    from sanad.accounts.identity import normalise_phone

    now = now or timezone.now()
    if not centres.centre_can_open_cases(centre, timezone.localtime(now).date()):
        raise NotFound(_("This centre does not exist or is not open to the public."))
    if source == TicketSource.CLERK and not _is_staff_of(actor, centre):
        raise NotFound(_("Centre not found."))
    if priority and priority not in Priority.values:
        raise ValidationFailed(
            errors={"priority": [_("Choose elderly, disability or pregnancy, or leave it empty.")]}
        )
    if mobile:
        try:
            mobile = normalise_phone(mobile)
        except ValidationError as exc:
            raise ValidationFailed(errors={"mobile": list(exc.messages)}) from None
    _check_offered(centre, service)
    _check_open(centre, now)
    if line is None:
        line = selectors.line_for_service(centre, service)
    elif line.centre_id != centre.pk:
        raise NotFound(_("Line not found."))
    elif not line.is_open:
        raise Conflict(_("This line is closed. Choose another line."))
    if line is None:
        raise Conflict(_("This centre has not set up its queue yet."))
    klass = TicketClass.APPOINTMENT if appointment is not None else selectors.priority_class(priority)
    day = timezone.localtime(now).date()
    with transaction.atomic():
        ticket = Ticket(
            centre=centre,
            line=line,
            service=service,
            day=day,
            number=_next_number(line, day),
            klass=klass,
            priority=priority or "",
            source=source,
            citizen=citizen if citizen is not None and citizen.is_authenticated else None,
            mobile=mobile or (getattr(citizen, "mobile", "") if citizen is not None else "") or "",
            language=language or "ar",
            issued_at=now,
            queued_at=now,
            appointment=appointment,
        )
        # The estimate it is given is stored with it (one write): the newest ticket of its class
        # has behind it no one it would be called before.
        ticket.estimate_minutes = selectors.line_estimate(
            line, ahead=selectors.waiting_before_new(line, day=day, klass=klass, at=now), now=now
        )
        ticket.save()
    return ticket


def _is_staff_of(user, centre) -> bool:
    return centres.staff_centre_id(user) == centre.pk


# --- Counters ------------------------------------------------------------------------------------


def counter_sign_on(*, counter_id, actor, now=None) -> Counter:
    """Sign the clerk on to their centre's counter (off any other counter they held)."""
    now = now or timezone.now()
    with transaction.atomic():
        counter = selectors.counter_for_staff(actor, counter_id)
        counter = Counter.objects.select_for_update().get(pk=counter.pk)
        if not counter.is_open:
            raise Conflict(_("This counter is closed. The manager can open it in the queue setup."))
        if counter.clerk_id and counter.clerk_id != actor.pk:
            raise Conflict(_("Another clerk is signed on to this counter."))
        Counter.objects.filter(clerk=actor).exclude(pk=counter.pk).update(clerk=None, signed_on_at=None)
        if counter.clerk_id != actor.pk:
            counter.clerk, counter.signed_on_at = actor, now
            counter.save(update_fields=["clerk", "signed_on_at"])
    return counter


def counter_sign_off(*, counter_id, actor, now=None) -> Counter:
    with transaction.atomic():
        counter = selectors.counter_for_staff(actor, counter_id)
        counter = Counter.objects.select_for_update().get(pk=counter.pk)
        if counter.clerk_id != actor.pk:
            raise Conflict(_("You are not signed on to this counter."))
        counter.clerk, counter.signed_on_at = None, None
        counter.save(update_fields=["clerk", "signed_on_at"])
    return counter


def _signed_on_counter(actor, counter_id) -> Counter:
    counter = selectors.counter_for_staff(actor, counter_id)
    if counter.clerk_id != actor.pk:
        # Not the caller's counter to call from: as good as not there.
        raise NotFound(_("You are not signed on to this counter. Sign on first."))
    return counter


def _candidates(counter: Counter, day) -> list[Ticket]:
    """The head of each line of the counter by the rule in this module's docstring, plus any
    ticket transferred to this counter, best first. One query for the waiting tickets."""
    line_ids = list(counter.lines.values_list("pk", flat=True))
    waiting = list(
        Ticket.objects.filter(day=day, state=TicketState.WAITING)
        .filter(Q(line_id__in=line_ids, counter__isnull=True) | Q(counter=counter))
        .select_related("line")
        .order_by("queued_at", "id")
    )
    runs = dict(LineDay.objects.filter(line_id__in=line_ids, day=day).values_list("line_id", "priority_run"))
    heads = []
    reserved = next((t for t in waiting if t.counter_id == counter.pk), None)
    if reserved:
        heads.append((0, reserved.queued_at, reserved.pk, reserved))
    first: dict[tuple[int, int], Ticket] = {}
    for ticket in waiting:
        if ticket.counter_id is None:
            first.setdefault((ticket.line_id, ticket.klass), ticket)
    for line_id in line_ids:
        appointment = first.get((line_id, TicketClass.APPOINTMENT))
        priority = first.get((line_id, TicketClass.PRIORITY))
        ordinary = first.get((line_id, TicketClass.ORDINARY))
        if appointment:
            pick = appointment
        elif priority and (runs.get(line_id, 0) < PRIORITY_RUN or ordinary is None):
            pick = priority
        else:
            pick = ordinary
        if pick:
            rank = 0 if pick.klass == TicketClass.APPOINTMENT else 1
            heads.append((rank, pick.queued_at, pick.pk, pick))
    heads.sort(key=lambda item: item[:3])
    return [item[3] for item in heads]


def _finish_current(counter: Counter, now) -> None:
    Ticket.objects.filter(counter=counter, state=TicketState.CALLED).update(
        state=TicketState.DONE, finished_at=now
    )


def counter_call_next(*, counter_id, actor, now=None) -> Ticket:
    """Finish the ticket being served at this counter and call the next one (see the docstring)."""
    now = now or timezone.now()
    counter = _signed_on_counter(actor, counter_id)
    day = timezone.localtime(now).date()
    for _attempt in range(5):
        with transaction.atomic():
            _finish_current(counter, now)
            candidates = _candidates(counter, day)
            for ticket in candidates:
                # Compare-and-swap: only the counter that moves it from waiting gets this ticket.
                taken = Ticket.objects.filter(pk=ticket.pk, state=TicketState.WAITING).update(
                    state=TicketState.CALLED,
                    counter=counter,
                    called_at=now,
                    first_called_at=ticket.first_called_at or now,
                )
                if not taken:
                    continue
                _count_run(ticket, day)
                ticket.state, ticket.counter, ticket.called_at = TicketState.CALLED, counter, now
                ticket.first_called_at = ticket.first_called_at or now
                _near_turn_messages(ticket.line, day)
                return ticket
            if not candidates:
                break
    raise Conflict(_("No one is waiting in this counter's lines."))


def _count_run(ticket: Ticket, day) -> None:
    # The line's LineDay row exists: taking the ticket's number created it.
    days = LineDay.objects.filter(line_id=ticket.line_id, day=day)
    if ticket.klass == TicketClass.PRIORITY:
        days.update(priority_run=F("priority_run") + 1)
    elif ticket.klass == TicketClass.ORDINARY:
        days.update(priority_run=0)


def _near_turn_messages(line: Line, day) -> None:
    """An SMS to the ticket that now has NEAR_TURN_AHEAD tickets ahead of it (once per ticket)."""
    waiting = list(selectors.waiting_in_line(line, day=day)[: NEAR_TURN_AHEAD + 1])
    if len(waiting) <= NEAR_TURN_AHEAD:
        return
    ticket = waiting[NEAR_TURN_AHEAD]
    if ticket.near_turn_sent or not (ticket.mobile or ticket.citizen_id):
        return
    if not Ticket.objects.filter(pk=ticket.pk, near_turn_sent=False).update(near_turn_sent=True):
        return
    from .messages import ticket_near_turn

    ticket_near_turn(ticket)


# --- What a clerk does with a ticket --------------------------------------------------------------

TICKET_ACTIONS = ("no_show", "done", "transfer", "cancel", "hold", "recall")


def ticket_act(
    *,
    ticket_id,
    action: str,
    actor,
    line_code: str = "",
    counter_id=None,
    now=None,
) -> Ticket:
    now = now or timezone.now()
    if action not in TICKET_ACTIONS:
        raise ValidationFailed(errors={"action": [_("Unknown action.")]})
    with transaction.atomic():
        ticket = selectors.ticket_for_staff(actor, ticket_id)
        ticket = Ticket.objects.select_for_update().select_related("line", "centre").get(pk=ticket.pk)
        state = ticket.state
        if action == "done":
            _require(ticket, {TicketState.CALLED}, _("Only a called ticket can be marked served."))
            ticket.state, ticket.finished_at = TicketState.DONE, now
        elif action == "no_show":
            _require(ticket, {TicketState.CALLED}, _("Only a called ticket can be marked as not come."))
            allowed_at = ticket.called_at + timedelta(minutes=no_show_minutes())
            if now < allowed_at:
                raise Conflict(
                    _("Wait %(minutes)d minutes after the call before marking a no-show.")
                    % {"minutes": no_show_minutes()}
                )
            ticket.state, ticket.finished_at = TicketState.NO_SHOW, now
        elif action == "cancel":
            _require(ticket, set(ACTIVE_TICKET_STATES), _("This ticket is no longer in the queue."))
            ticket.state, ticket.finished_at = TicketState.CANCELLED, now
        elif action == "hold":
            _require(
                ticket,
                {TicketState.WAITING, TicketState.CALLED},
                _("Only a waiting or called ticket can be held."),
            )
            ticket.state = TicketState.HELD
        elif action == "recall":
            _require(
                ticket,
                {TicketState.HELD, TicketState.CALLED},
                _("Only a held or called ticket can be recalled."),
            )
            counter = selectors.counter_signed_on(actor)
            if counter is None or counter.centre_id != ticket.centre_id:
                raise Conflict(_("Sign on to a counter to call a ticket."))
            if state == TicketState.HELD:
                _finish_current(counter, now)
            ticket.state, ticket.counter, ticket.called_at = TicketState.CALLED, counter, now
        elif action == "transfer":
            _transfer(ticket, actor=actor, line_code=line_code, counter_id=counter_id)
        ticket.save()
    return ticket


def _require(ticket: Ticket, states: set, message: str) -> None:
    if ticket.state not in states:
        raise Conflict(message, current_state=ticket.state)


def _transfer(ticket: Ticket, *, actor, line_code: str, counter_id) -> None:
    """To another line (keeps its place by arrival) or to one counter; it waits again."""
    _require(ticket, set(ACTIVE_TICKET_STATES), _("This ticket is no longer in the queue."))
    if counter_id not in (None, ""):
        target = selectors.counter_for_staff(actor, counter_id)
        ticket.counter = target
    elif line_code:
        line = Line.objects.filter(centre_id=ticket.centre_id, code=str(line_code).strip().upper()).first()
        if line is None:
            raise ValidationFailed(errors={"line": [_("This centre has no such line.")]})
        if not line.is_open:
            raise ValidationFailed(errors={"line": [_("This line is closed. Choose another line.")]})
        ticket.line, ticket.counter = line, None
    else:
        raise ValidationFailed(errors={"line": [_("Choose the line or the counter to transfer to.")]})
    ticket.state, ticket.called_at = TicketState.WAITING, None


def ticket_cancel_by_holder(*, ticket_id, token: str, now=None) -> Ticket:
    """The citizen gives up their own ticket (from the ticket's page)."""
    with transaction.atomic():
        ticket = selectors.ticket_public(ticket_id, token)
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        _require(ticket, {TicketState.WAITING, TicketState.HELD}, _("This ticket is no longer in the queue."))
        ticket.state, ticket.finished_at = TicketState.CANCELLED, now or timezone.now()
        ticket.save(update_fields=["state", "finished_at"])
    return ticket


def ticket_link_case(*, ticket_id, case, actor) -> Ticket:
    """Opening a case from a ticket links them (the ticket shows the case; the case its ticket)."""
    with transaction.atomic():
        ticket = selectors.ticket_for_staff(actor, ticket_id)
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if case.centre_id != ticket.centre_id:
            raise NotFound(_("Ticket not found."))
        if ticket.case_id and ticket.case_id != case.pk:
            raise Conflict(_("This ticket is already linked to another transaction."))
        ticket.case = case
        if ticket.citizen_id is None:
            ticket.citizen = case.citizen
        ticket.save(update_fields=["case", "citizen"])
    return ticket


def ticket_link_case_quietly(*, ticket_id, case, actor) -> Ticket | None:
    """For the walk-in page: link when the ticket is the clerk's centre's; a stale or foreign ticket
    number must not stop the case that was just opened."""
    from sanad.core.errors import DomainError

    try:
        return ticket_link_case(ticket_id=ticket_id, case=case, actor=actor)
    except DomainError:
        return None
