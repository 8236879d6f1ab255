import pytest

from sanad.centres.constants import LicenceState
from sanad.core.errors import Conflict, NotFound, ValidationFailed
from sanad.queueing.constants import TicketState
from sanad.queueing.models import Ticket
from sanad.queueing.services import counter_call_next, ticket_act, ticket_take

from .factories import clerk_at, minutes, now, other_service, queue_centre, service

pytestmark = pytest.mark.django_db


def test_tickets_are_numbered_per_line_per_day():
    centre, _ = queue_centre()
    first = ticket_take(centre=centre, service=service())
    second = ticket_take(centre=centre, service=service())
    other = ticket_take(centre=centre, service=other_service())
    assert (first.label, second.label, other.label) == ("A-001", "A-002", "B-001")
    tomorrow = ticket_take(centre=centre, service=service(), now=now() + minutes(24 * 60))
    assert tomorrow.label == "A-001"


def test_a_ticket_for_a_closed_centre_is_refused_and_nothing_is_written():
    centre, _ = queue_centre(hours={})
    with pytest.raises(Conflict, match="closed"):
        ticket_take(centre=centre, service=service())
    assert Ticket.objects.count() == 0


def test_a_ticket_for_a_service_the_centre_does_not_offer_is_refused():
    from sanad.catalogue.models import Service

    centre, _ = queue_centre()
    unoffered = Service.objects.exclude(code__in=[service().code, other_service().code]).first()
    with pytest.raises(ValidationFailed) as error:
        ticket_take(centre=centre, service=unoffered)
    assert "does not offer" in str(error.value.errors)
    assert Ticket.objects.count() == 0


def test_a_suspended_centre_gives_no_tickets():
    from datetime import timedelta

    from django.utils import timezone

    centre, _ = queue_centre(
        state=LicenceState.SUSPENDED, suspended_until=timezone.localdate() + timedelta(days=9)
    )
    with pytest.raises(NotFound):
        ticket_take(centre=centre, service=service())
    assert Ticket.objects.count() == 0


def test_call_next_takes_priority_first_then_arrival_order():
    centre, (counter, _) = queue_centre()
    clerk = clerk_at(centre, counter)
    t = now()
    ordinary = ticket_take(centre=centre, service=service(), now=t)
    elderly = ticket_take(centre=centre, service=service(), priority="elderly", now=t + minutes(1))
    called = counter_call_next(counter_id=counter.pk, actor=clerk, now=t + minutes(2))
    assert called.pk == elderly.pk
    called = counter_call_next(counter_id=counter.pk, actor=clerk, now=t + minutes(3))
    assert called.pk == ordinary.pk
    assert Ticket.objects.get(pk=elderly.pk).state == TicketState.DONE


def test_priority_tickets_never_starve_the_ordinary_line():
    centre, (counter, _) = queue_centre()
    clerk = clerk_at(centre, counter)
    t = now()
    ordinary = ticket_take(centre=centre, service=service(), now=t)
    for i in range(4):
        ticket_take(centre=centre, service=service(), priority="pregnancy", now=t + minutes(1 + i))
    order = [
        counter_call_next(counter_id=counter.pk, actor=clerk, now=t + minutes(10 + i)).pk for i in range(3)
    ]
    assert order[2] == ordinary.pk  # two priority calls, then the waiting ordinary ticket


def test_call_next_on_a_counter_the_clerk_is_not_signed_on_to_is_404():
    centre, (counter, other) = queue_centre()
    clerk = clerk_at(centre, counter)
    ticket_take(centre=centre, service=service())
    with pytest.raises(NotFound):
        counter_call_next(counter_id=other.pk, actor=clerk)
    assert Ticket.objects.get().state == TicketState.WAITING


def test_call_next_on_another_centres_counter_is_404():
    centre, (counter, _) = queue_centre()
    elsewhere, (their_counter, _) = queue_centre()
    clerk = clerk_at(centre, counter)
    ticket_take(centre=elsewhere, service=service())
    with pytest.raises(NotFound):
        counter_call_next(counter_id=their_counter.pk, actor=clerk)
    assert Ticket.objects.get().state == TicketState.WAITING


def test_no_show_is_allowed_only_after_the_waiting_minutes():
    centre, (counter, _) = queue_centre()
    clerk = clerk_at(centre, counter)
    t = now()
    ticket_take(centre=centre, service=service(), now=t)
    called = counter_call_next(counter_id=counter.pk, actor=clerk, now=t)
    with pytest.raises(Conflict, match="3 minutes"):
        ticket_act(ticket_id=called.pk, action="no_show", actor=clerk, now=t + minutes(2))
    assert Ticket.objects.get(pk=called.pk).state == TicketState.CALLED
    ticket_act(ticket_id=called.pk, action="no_show", actor=clerk, now=t + minutes(3))
    assert Ticket.objects.get(pk=called.pk).state == TicketState.NO_SHOW


def test_transfer_hold_and_recall():
    centre, (counter, _) = queue_centre()
    clerk = clerk_at(centre, counter)
    ticket = ticket_take(centre=centre, service=service())
    moved = ticket_act(ticket_id=ticket.pk, action="transfer", actor=clerk, line_code="B")
    assert moved.line.code == "B" and moved.state == TicketState.WAITING
    held = ticket_act(ticket_id=ticket.pk, action="hold", actor=clerk)
    assert held.state == TicketState.HELD
    with pytest.raises(Conflict):
        counter_call_next(counter_id=counter.pk, actor=clerk)  # a held ticket is not called
    recalled = ticket_act(ticket_id=ticket.pk, action="recall", actor=clerk)
    assert recalled.state == TicketState.CALLED and recalled.counter_id == counter.pk


def test_transfer_to_an_unknown_line_changes_nothing():
    centre, (counter, _) = queue_centre()
    clerk = clerk_at(centre, counter)
    ticket = ticket_take(centre=centre, service=service())
    with pytest.raises(ValidationFailed):
        ticket_act(ticket_id=ticket.pk, action="transfer", actor=clerk, line_code="Z")
    ticket.refresh_from_db()
    assert ticket.line.code == "A" and ticket.state == TicketState.WAITING


def test_a_ticket_transferred_to_a_counter_is_called_there_first():
    centre, (first, second) = queue_centre()
    clerk = clerk_at(centre, first)
    other = clerk_at(centre, second)
    early = ticket_take(centre=centre, service=service())
    late = ticket_take(centre=centre, service=service())
    ticket_act(ticket_id=late.pk, action="transfer", actor=clerk, counter_id=second.pk)
    assert counter_call_next(counter_id=second.pk, actor=other).pk == late.pk
    assert counter_call_next(counter_id=first.pk, actor=clerk).pk == early.pk


def test_the_estimate_follows_recent_service_times_and_open_counters():
    from sanad.queueing import selectors

    centre, (counter, second) = queue_centre()
    clerk = clerk_at(centre, counter)
    t = now()
    for i in range(3):
        ticket_take(centre=centre, service=service(), now=t + minutes(i))
    for i in range(3):  # each served in 4 minutes
        called = counter_call_next(counter_id=counter.pk, actor=clerk, now=t + minutes(10 + 4 * i))
    ticket_act(ticket_id=called.pk, action="done", actor=clerk, now=t + minutes(22))
    line = called.line
    later = t + minutes(30)
    assert selectors.mean_service_minutes(line, now=later) == pytest.approx(4)
    # One counter open, shared by two lines: half a counter for line A.
    assert selectors.line_estimate(line, ahead=3, now=later) == 24
    clerk_at(centre, second)
    assert selectors.line_estimate(line, ahead=3, now=later) == 12


def test_an_sms_goes_to_the_ticket_with_three_ahead():
    from django.test import TestCase

    from sanad.outbox.models import OutboxMessage

    centre, (counter, _) = queue_centre()
    clerk = clerk_at(centre, counter)
    for _i in range(4):
        ticket_take(centre=centre, service=service())
    fifth = ticket_take(centre=centre, service=service(), mobile="91234567")  # four ahead
    assert not OutboxMessage.objects.filter(kind="queueing.sms").exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        counter_call_next(counter_id=counter.pk, actor=clerk)  # now three ahead
        counter_call_next(counter_id=counter.pk, actor=clerk)  # two: no second message
    message = OutboxMessage.objects.get(kind="queueing.sms")
    assert message.status == "delivered"
    assert message.payload["to"] == "+96891234567" and "A-005" in message.payload["text"]
    assert Ticket.objects.get(pk=fifth.pk).near_turn_sent


def test_opening_a_case_from_a_ticket_links_them():
    from sanad.accounts.tests.factories import CitizenFactory
    from sanad.cases.services import case_open
    from sanad.cases.tests.factories import DL_FORM
    from sanad.queueing.services import ticket_link_case

    centre, (counter, _) = queue_centre()
    clerk = clerk_at(centre, counter)
    ticket_take(centre=centre, service=service())
    called = counter_call_next(counter_id=counter.pk, actor=clerk)
    case = case_open(
        actor=clerk,
        centre=centre,
        service=service(),
        citizen=CitizenFactory(),
        channel="walk_in",
        form_data=dict(DL_FORM),
        government_fee=20000,
    )
    ticket_link_case(ticket_id=called.pk, case=case, actor=clerk)
    assert case.ticket.pk == called.pk
