from datetime import datetime, time, timedelta

import pytest
from conftest import authed
from django.utils import timezone

from sanad.accounts.tests.factories import CitizenFactory
from sanad.centres.models import HoursException, PublicHoliday
from sanad.core.errors import Conflict, ValidationFailed
from sanad.queueing.appointments import (
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointment_move,
    appointment_reminders,
    slots_on,
)
from sanad.queueing.constants import AppointmentState, TicketClass
from sanad.queueing.models import Appointment, Ticket
from sanad.queueing.services import counter_call_next, ticket_take

from .factories import clerk_at, queue_centre, service

pytestmark = pytest.mark.django_db

WORKING_HOURS = {day: [(450, 810)] for day in range(7)}  # 07:30–13:30 every day


def at(day_offset: int, hh: int, mm: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return datetime.combine(day, time(hh, mm), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def centre():
    centre, _counters = queue_centre(counters=1, hours=WORKING_HOURS)
    return centre


def test_slots_follow_the_hours_and_the_counters(centre):
    slots = slots_on(centre=centre, service=service(), day=at(1, 0).date(), now=at(0, 9))
    assert len(slots) == 24  # 6 hours of 15-minute slots
    assert timezone.localtime(slots[0].start).strftime("%H:%M") == "07:30"
    assert {s.available for s in slots} == {1}


def test_no_slots_on_a_holiday_or_a_closure(centre):
    PublicHoliday.objects.create(date=at(2, 0).date(), name_ar="عطلة", name_en="Holiday")
    HoursException.objects.create(
        centre=centre, starts_on=at(3, 0).date(), ends_on=at(3, 0).date(), name_ar="إغلاق", is_closed=True
    )
    assert slots_on(centre=centre, service=service(), day=at(2, 0).date(), now=at(0, 9)) == []
    assert slots_on(centre=centre, service=service(), day=at(3, 0).date(), now=at(0, 9)) == []


def test_booking_a_holiday_is_refused_with_the_reason_and_nothing_is_booked(centre):
    PublicHoliday.objects.create(date=at(2, 0).date(), name_ar="عطلة", name_en="National Day")
    with pytest.raises(ValidationFailed) as error:
        appointment_book(
            citizen=CitizenFactory(), centre=centre, service=service(), start=at(2, 9), now=at(0, 9)
        )
    assert "National Day" in str(error.value.errors)
    assert Appointment.objects.count() == 0


def test_booking_a_past_slot_is_refused(centre):
    with pytest.raises(ValidationFailed) as error:
        appointment_book(
            citizen=CitizenFactory(), centre=centre, service=service(), start=at(0, 8), now=at(0, 9)
        )
    assert "passed" in str(error.value.errors)
    assert Appointment.objects.count() == 0


def test_a_full_slot_is_409_and_the_second_citizen_gets_nothing(centre):
    first, second = CitizenFactory(), CitizenFactory()
    appointment_book(citizen=first, centre=centre, service=service(), start=at(1, 9), now=at(0, 9))
    with pytest.raises(Conflict, match="full"):
        appointment_book(citizen=second, centre=centre, service=service(), start=at(1, 9), now=at(0, 9))
    assert Appointment.objects.filter(citizen=second).count() == 0


def test_one_upcoming_booking_per_service_and_the_same_request_returns_it(centre):
    person = CitizenFactory()
    first = appointment_book(citizen=person, centre=centre, service=service(), start=at(1, 9), now=at(0, 9))
    again = appointment_book(citizen=person, centre=centre, service=service(), start=at(1, 9), now=at(0, 9))
    assert again.pk == first.pk
    with pytest.raises(Conflict, match="Move it") as error:
        appointment_book(citizen=person, centre=centre, service=service(), start=at(1, 10), now=at(0, 9))
    assert error.value.extra["appointment"] == first.pk
    assert Appointment.objects.count() == 1


def test_moving_and_cancelling_free_the_place(centre):
    person, other = CitizenFactory(), CitizenFactory()
    first = appointment_book(citizen=person, centre=centre, service=service(), start=at(1, 9), now=at(0, 9))
    moved = appointment_move(appointment_id=first.pk, actor=person, start=at(1, 10).isoformat(), now=at(0, 9))
    assert timezone.localtime(moved.start).hour == 10
    appointment_book(citizen=other, centre=centre, service=service(), start=at(1, 9), now=at(0, 9))
    appointment_cancel(appointment_id=moved.pk, actor=person)
    assert Appointment.objects.get(pk=moved.pk).state == AppointmentState.CANCELLED


def test_moving_to_a_full_slot_keeps_the_first_booking(centre):
    person, other = CitizenFactory(), CitizenFactory()
    mine = appointment_book(citizen=person, centre=centre, service=service(), start=at(1, 9), now=at(0, 9))
    appointment_book(citizen=other, centre=centre, service=service(), start=at(1, 10), now=at(0, 9))
    with pytest.raises(Conflict):
        appointment_move(appointment_id=mine.pk, actor=person, start=at(1, 10), now=at(0, 9))
    assert Appointment.objects.get(pk=mine.pk).state == AppointmentState.BOOKED


def test_three_no_shows_in_90_days_block_booking_for_30_days(centre):
    person = CitizenFactory()
    for days in (40, 20, 5):
        Appointment.objects.create(
            centre=centre,
            service=service(),
            citizen=person,
            start=at(-days, 9),
            end=at(-days, 9, 15),
            state=AppointmentState.NO_SHOW,
        )
    with pytest.raises(Conflict, match="missed three"):
        appointment_book(citizen=person, centre=centre, service=service(), start=at(1, 9), now=at(0, 9))
    assert Appointment.objects.filter(state=AppointmentState.BOOKED).count() == 0
    later = appointment_book(citizen=person, centre=centre, service=service(), start=at(26, 9), now=at(25, 9))
    assert later.state == AppointmentState.BOOKED


def test_a_missed_appointment_becomes_a_no_show(centre):
    person = CitizenFactory()
    appointment = appointment_book(
        citizen=person, centre=centre, service=service(), start=at(1, 9), now=at(0, 9)
    )
    appointment_reminders(now=at(1, 9, 11))
    assert Appointment.objects.get(pk=appointment.pk).state == AppointmentState.NO_SHOW


def test_check_in_within_the_window_goes_to_the_front_of_its_line(centre):
    person = CitizenFactory()
    counter = centre.queue_counters.get()
    clerk = clerk_at(centre, counter)
    appointment = appointment_book(
        citizen=person, centre=centre, service=service(), start=at(1, 9), now=at(0, 9)
    )
    walk_in = ticket_take(centre=centre, service=service(), now=at(1, 8, 30))
    _, ticket = appointment_check_in(centre=centre, citizen=person, now=at(1, 8, 40))
    assert ticket.klass == TicketClass.APPOINTMENT and ticket.appointment_id == appointment.pk
    assert counter_call_next(counter_id=counter.pk, actor=clerk, now=at(1, 8, 45)).pk == ticket.pk
    assert counter_call_next(counter_id=counter.pk, actor=clerk, now=at(1, 8, 50)).pk == walk_in.pk


def test_double_check_in_is_409_and_gives_no_second_ticket(centre):
    person = CitizenFactory()
    appointment_book(citizen=person, centre=centre, service=service(), start=at(1, 9), now=at(0, 9))
    appointment_check_in(centre=centre, citizen=person, now=at(1, 8, 40))
    with pytest.raises(Conflict, match="already checked in"):
        appointment_check_in(centre=centre, citizen=person, now=at(1, 8, 41))
    assert Ticket.objects.count() == 1


def test_too_early_is_refused_and_late_becomes_an_ordinary_walk_in(centre):
    person = CitizenFactory()
    appointment = appointment_book(
        citizen=person, centre=centre, service=service(), start=at(1, 9), now=at(0, 9)
    )
    with pytest.raises(Conflict, match="Too early"):
        appointment_check_in(centre=centre, citizen=person, now=at(1, 8, 20))
    assert Ticket.objects.count() == 0
    _, ticket = appointment_check_in(centre=centre, citizen=person, now=at(1, 9, 11))
    assert ticket.klass == TicketClass.ORDINARY
    assert Appointment.objects.get(pk=appointment.pk).state == AppointmentState.LATE


def test_the_reminder_goes_the_day_before_once(centre):
    from sanad.outbox.models import OutboxMessage

    person = CitizenFactory(mobile="+96891234567")
    appointment_book(citizen=person, centre=centre, service=service(), start=at(1, 9), now=at(0, 9))
    assert appointment_reminders(now=at(0, 10)) == 1
    assert appointment_reminders(now=at(0, 11)) == 0
    topics = sorted(m.payload["topic"] for m in OutboxMessage.objects.filter(kind="notification.sms"))
    assert topics == ["appointment_booked", "appointment_reminder"]


def test_the_api_books_lists_and_cancels(api_client, centre):
    person = CitizenFactory()
    client = authed(api_client, person)
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    slots = client.get(f"/api/v1/centres/{centre.pk}/slots/?service={service().code}&date={day}").json()
    assert set(slots[0]) == {"start", "end", "available"}
    response = client.post(
        "/api/v1/appointments/", {"centre": centre.pk, "service": service().code, "start": slots[0]["start"]}
    )
    assert response.status_code == 201
    booked = response.json()
    assert client.get("/api/v1/appointments/").json()[0]["id"] == booked["id"]
    other = authed(type(api_client)(), CitizenFactory())
    full = other.post(
        "/api/v1/appointments/", {"centre": centre.pk, "service": service().code, "start": slots[0]["start"]}
    )
    assert full.status_code == 409
    assert other.get("/api/v1/appointments/").json() == []
    assert other.post(f"/api/v1/appointments/{booked['id']}/cancel/").status_code == 404
    assert client.post(f"/api/v1/appointments/{booked['id']}/cancel/").json()["state"] == "cancelled"


def test_bad_slot_queries_are_422(api_client, centre):
    response = api_client.get(f"/api/v1/centres/{centre.pk}/slots/?service={service().code}&date=tomorrow")
    assert response.status_code == 422 and "YYYY-MM-DD" in str(response.json())
    assert (
        api_client.get(f"/api/v1/centres/{centre.pk}/slots/?service=NOPE&date=2026-01-01").status_code == 422
    )
