"""Real threads against PostgreSQL: unique keys and compare-and-swap updates, not mocks."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from sanad.accounts.tests.factories import CitizenFactory
from sanad.cases.tests.test_concurrency import run_together
from sanad.queueing.appointments import appointment_book
from sanad.queueing.constants import AppointmentState, TicketState
from sanad.queueing.models import Appointment, Ticket
from sanad.queueing.services import counter_call_next, ticket_take

from .factories import clerk_at, queue_centre, service

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")


def _tomorrow_at_nine():
    day = timezone.localdate() + timedelta(days=1)
    return datetime.combine(day, time(9, 0), tzinfo=timezone.get_current_timezone())


def test_two_citizens_booking_the_last_place_at_once_exactly_one_gets_it():
    centre, _ = queue_centre(counters=1)
    first, second = CitizenFactory(), CitizenFactory()
    start = _tomorrow_at_nine()
    results = run_together(
        lambda: appointment_book(citizen=first, centre=centre, service=service(), start=start),
        lambda: appointment_book(citizen=second, centre=centre, service=service(), start=start),
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert getattr(error, "status", None) == 409
    assert Appointment.objects.filter(state=AppointmentState.BOOKED).count() == 1


def test_the_same_booking_sent_ten_times_at_once_makes_one_booking():
    centre, _ = queue_centre(counters=3)
    person = CitizenFactory()
    start = _tomorrow_at_nine()
    results = run_together(
        *[lambda: appointment_book(citizen=person, centre=centre, service=service(), start=start)] * 10
    )
    assert all(kind == "ok" for kind, _ in results), results
    assert len({value.pk for _, value in results}) == 1
    assert Appointment.objects.filter(citizen=person).count() == 1


def test_tickets_taken_at_once_get_distinct_numbers():
    centre, _ = queue_centre()
    results = run_together(*[lambda: ticket_take(centre=centre, service=service())] * 8)
    assert all(kind == "ok" for kind, _ in results), results
    assert sorted(Ticket.objects.values_list("number", flat=True)) == list(range(1, 9))


def test_two_counters_calling_at_once_never_take_the_same_ticket():
    centre, (first, second) = queue_centre()
    one, two = clerk_at(centre, first), clerk_at(centre, second)
    ticket_take(centre=centre, service=service())
    ticket_take(centre=centre, service=service())
    results = run_together(
        lambda: counter_call_next(counter_id=first.pk, actor=one),
        lambda: counter_call_next(counter_id=second.pk, actor=two),
    )
    assert all(kind == "ok" for kind, _ in results), results
    assert results[0][1].pk != results[1][1].pk
    assert Ticket.objects.filter(state=TicketState.CALLED).count() == 2


def test_one_booking_moved_twice_at_once_ends_as_one_booking():
    from sanad.queueing.appointments import appointment_move

    centre, _ = queue_centre(counters=2)
    person = CitizenFactory()
    mine = appointment_book(citizen=person, centre=centre, service=service(), start=_tomorrow_at_nine())
    later = _tomorrow_at_nine() + timedelta(hours=1)
    results = run_together(
        lambda: appointment_move(appointment_id=mine.pk, actor=person, start=later),
        lambda: appointment_move(appointment_id=mine.pk, actor=person, start=later + timedelta(minutes=15)),
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    assert Appointment.objects.filter(citizen=person, state=AppointmentState.BOOKED).count() == 1


def test_two_citizens_moving_into_the_last_place_at_once_exactly_one_gets_it():
    from sanad.queueing.appointments import appointment_move

    centre, _ = queue_centre(counters=1)
    first, second = CitizenFactory(), CitizenFactory()
    nine = _tomorrow_at_nine()
    a = appointment_book(citizen=first, centre=centre, service=service(), start=nine)
    b = appointment_book(citizen=second, centre=centre, service=service(), start=nine + timedelta(minutes=15))
    target = nine + timedelta(hours=1)
    results = run_together(
        lambda: appointment_move(appointment_id=a.pk, actor=first, start=target),
        lambda: appointment_move(appointment_id=b.pk, actor=second, start=target),
    )
    assert sorted(kind for kind, _ in results) == ["error", "ok"]
    assert Appointment.objects.filter(start=target, state=AppointmentState.BOOKED).count() == 1
    assert Appointment.objects.filter(state=AppointmentState.BOOKED).count() == 2  # the loser keeps theirs
