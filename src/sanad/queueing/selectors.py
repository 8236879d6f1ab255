"""Reads for the queue, appointments and online requests. Tenancy (whose counters, tickets and
appointments a person sees) is decided here only."""

from datetime import timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.centres import selectors as centres
from sanad.core.errors import NotFound

from . import estimator
from .constants import (
    DEFAULT_SERVICE_MINUTES,
    ESTIMATE_SAMPLE,
    TicketClass,
    TicketState,
)
from .models import Appointment, Counter, Line, Ticket


def queue_centre(centre_id) -> "centres.Centre":
    """A centre whose queue the public may see (licensed today); 404 for unknown or suspended."""
    try:
        return centres.centre_public(int(centre_id))
    except (TypeError, ValueError):
        raise NotFound(_("This centre does not exist or is not open to the public.")) from None


def centre_lines(centre) -> list[Line]:
    return list(Line.objects.filter(centre_id=centre.pk).prefetch_related("services").order_by("code"))


def line_for_service(centre, service) -> Line | None:
    """The open line that serves this service at this centre: the one listing it, else the default
    line (a closed line's services go there)."""
    lines = Line.objects.filter(centre_id=centre.pk, is_open=True)
    if service is not None:
        line = lines.filter(services=service).order_by("code").first()
        if line is not None:
            return line
    return lines.filter(is_default=True).order_by("code").first() or lines.order_by("code").first()


# --- Counters (staff) --------------------------------------------------------------------------


def counters_of_centre(centre) -> QuerySet[Counter]:
    return Counter.objects.filter(centre_id=centre.pk).select_related("clerk").prefetch_related("lines")


def counter_for_staff(user, counter_id) -> Counter:
    """One of the user's own centre's counters; 404 for any other."""
    counter = (
        Counter.objects.filter(pk=_int(counter_id), centre_id=centres.staff_centre_id(user))
        .select_related("centre", "clerk")
        .first()
    )
    if counter is None:
        raise NotFound(_("Counter not found."))
    return counter


def counter_signed_on(user) -> Counter | None:
    if user is None or not user.is_authenticated:
        return None
    return Counter.objects.filter(clerk=user).select_related("centre").prefetch_related("lines").first()


def ticket_for_staff(user, ticket_id) -> Ticket:
    ticket = (
        Ticket.objects.filter(pk=_int(ticket_id), centre_id=centres.staff_centre_id(user))
        .select_related("line", "centre", "counter", "service__current_version")
        .first()
    )
    if ticket is None:
        raise NotFound(_("Ticket not found."))
    return ticket


def ticket_public(ticket_id, token: str) -> Ticket:
    """A ticket for whoever holds its link (the number's token, not guessable)."""
    ticket = (
        Ticket.objects.filter(pk=_int(ticket_id), token=str(token or ""))
        .select_related("line", "centre", "counter", "service__current_version")
        .first()
    )
    if ticket is None:
        raise NotFound(_("Ticket not found."))
    return ticket


def current_ticket(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.filter(counter=counter, state=TicketState.CALLED)
        .select_related("line", "service__current_version", "case")
        .order_by("-called_at")
        .first()
    )


# --- Order and estimate --------------------------------------------------------------------------


def waiting_in_line(line, *, day=None) -> QuerySet[Ticket]:
    qs = Ticket.objects.filter(line_id=line.pk, state=TicketState.WAITING)
    if day is not None:
        qs = qs.filter(day=day)
    return qs.order_by("klass", "queued_at", "id")


def tickets_ahead(ticket: Ticket) -> int:
    """How many waiting tickets of its line are called before this one (by class, then arrival)."""
    if ticket.state != TicketState.WAITING:
        return 0
    return (
        Ticket.objects.filter(line_id=ticket.line_id, day=ticket.day, state=TicketState.WAITING)
        .filter(
            Q(klass__lt=ticket.klass)
            | Q(klass=ticket.klass, queued_at__lt=ticket.queued_at)
            | Q(klass=ticket.klass, queued_at=ticket.queued_at, pk__lt=ticket.pk)
        )
        .count()
    )


def waiting_before_new(line, *, day, klass: int, at) -> int:
    """How many waiting tickets would be called before a ticket of `klass` arriving now (`at`):
    the same count as tickets_ahead for the ticket once it is saved."""
    return (
        Ticket.objects.filter(line_id=line.pk, day=day, state=TicketState.WAITING)
        .filter(Q(klass__lt=klass) | Q(klass=klass, queued_at__lte=at))
        .count()
    )


def mean_service_minutes(line, *, now=None) -> float:
    now = now or timezone.now()
    recent = (
        Ticket.objects.filter(
            line_id=line.pk,
            state=TicketState.DONE,
            finished_at__gte=now - timedelta(days=14),
            finished_at__lte=now,
            called_at__isnull=False,
        )
        .order_by("-finished_at")
        .annotate(took=ExpressionWrapper(F("finished_at") - F("called_at"), output_field=DurationField()))
        .values_list("took", flat=True)[:ESTIMATE_SAMPLE]
    )
    durations = [d.total_seconds() / 60 for d in recent if d is not None]
    if not durations:
        return float(DEFAULT_SERVICE_MINUTES)
    return max(sum(durations) / len(durations), 0.5)


def serving_counters(line) -> float:
    """Open counters serving the line, a counter shared by n lines counted as 1/n."""
    ids = list(Counter.objects.filter(lines=line, clerk__isnull=False).values_list("pk", flat=True))
    shares = (
        Counter.lines.through.objects.filter(counter_id__in=ids)
        .values("counter_id")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    return sum(1 / max(n, 1) for n in shares)


def line_estimate(line, *, ahead: int, now=None) -> int | None:
    return estimator.wait_minutes(
        ahead=ahead,
        mean_service_minutes=mean_service_minutes(line, now=now),
        serving_counters=serving_counters(line),
    )


def ticket_estimate(ticket: Ticket, *, now=None) -> int | None:
    if ticket.state != TicketState.WAITING:
        return 0 if ticket.state == TicketState.CALLED else None
    return line_estimate(ticket.line, ahead=tickets_ahead(ticket), now=now)


def queue_summary(centre, *, now=None) -> dict:
    """What the board, the API and the centre page show: per line the waiting count and the wait a
    new arrival can expect; the counters open; the tickets now being served."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    waiting = dict(
        Ticket.objects.filter(centre_id=centre.pk, day=day, state=TicketState.WAITING)
        .values_list("line_id")
        .annotate(n=Count("id"))
    )
    lines = []
    for line in centre_lines(centre):
        count = waiting.get(line.pk, 0)
        if not line.is_open and not count:
            continue
        lines.append(
            {
                "line": line,
                "code": line.code,
                "name_ar": line.name_ar,
                "name_en": line.name_en,
                "waiting": count,
                "estimated_wait_minutes": line_estimate(line, ahead=count, now=now),
                "next": [t.label for t in waiting_in_line(line, day=day).select_related("line")[:3]],
            }
        )
    serving = (
        Ticket.objects.filter(centre_id=centre.pk, day=day, state=TicketState.CALLED)
        .select_related("line", "counter")
        .order_by("-called_at")
    )
    return {
        "lines": lines,
        "counters_open": Counter.objects.filter(centre_id=centre.pk, clerk__isnull=False).count(),
        "now_serving": [
            {
                "ticket": t.label,
                "counter": t.counter.name if t.counter else "",
                "called_at": t.called_at,
                "id": t.pk,
            }
            for t in serving
        ],
    }


def centres_wait_minutes(centre_ids, *, now=None) -> dict[int, int | None]:
    """The shortest expected wait at each of these centres now (the centre page, find-a-centre
    results): a few queries for the whole page, plus one per line that has people waiting."""
    now = now or timezone.now()
    ids = list(centre_ids)
    day = timezone.localtime(now).date()
    lines = list(Line.objects.filter(centre_id__in=ids))
    waiting = dict(
        Ticket.objects.filter(centre_id__in=ids, day=day, state=TicketState.WAITING)
        .values_list("line_id")
        .annotate(n=Count("id"))
    )
    rows = list(
        Counter.lines.through.objects.filter(
            counter__centre_id__in=ids, counter__clerk__isnull=False
        ).values_list("counter_id", "line_id")
    )
    per_counter: dict[int, int] = {}
    for counter_id, _line in rows:
        per_counter[counter_id] = per_counter.get(counter_id, 0) + 1
    servers: dict[int, float] = {}
    for counter_id, line_id in rows:
        servers[line_id] = servers.get(line_id, 0) + 1 / per_counter[counter_id]
    result: dict[int, int | None] = dict.fromkeys(ids)
    for line in lines:
        count, serving = waiting.get(line.pk, 0), servers.get(line.pk, 0)
        if serving <= 0:
            continue
        mean = mean_service_minutes(line, now=now) if count else DEFAULT_SERVICE_MINUTES
        estimate = estimator.wait_minutes(ahead=count, mean_service_minutes=mean, serving_counters=serving)
        current = result.get(line.centre_id)
        result[line.centre_id] = estimate if current is None else min(current, estimate)
    return result


def centre_wait_minutes(centre, *, now=None) -> int | None:
    return centres_wait_minutes([centre.pk], now=now)[centre.pk]


def tickets_today(centre, *, now=None) -> QuerySet[Ticket]:
    day = timezone.localtime(now or timezone.now()).date()
    return (
        Ticket.objects.filter(centre_id=centre.pk, day=day)
        .select_related("line", "counter", "service__current_version")
        .order_by("klass", "queued_at", "id")
    )


def priority_class(priority: str) -> int:
    return TicketClass.PRIORITY if priority else TicketClass.ORDINARY


# --- Appointments ----------------------------------------------------------------------------------


def appointments_visible_to(user) -> QuerySet[Appointment]:
    """A citizen's own; a centre's for its staff; nothing for anyone else."""
    qs = Appointment.objects.select_related("centre", "service__current_version").order_by("start", "id")
    if user is None or not user.is_authenticated:
        return qs.none()
    membership = centres.staff_membership(user)
    if membership is not None:
        return qs.filter(centre_id=membership.centre_id)
    return qs.filter(citizen=user)


def appointment_for(user, appointment_id) -> Appointment:
    appointment = appointments_visible_to(user).filter(pk=_int(appointment_id)).first()
    if appointment is None:
        raise NotFound(_("Appointment not found."))
    return appointment


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
