"""Moving an appointment through the API: the same service as the web page; bad input changes nothing."""

from datetime import timedelta

import pytest
from conftest import authed
from django.utils import timezone

from sanad.accounts.tests.factories import CitizenFactory
from sanad.queueing.appointments import appointment_book, appointment_cancel
from sanad.queueing.constants import AppointmentState
from sanad.queueing.models import Appointment

from .factories import queue_centre, service
from .test_appointments import WORKING_HOURS, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    centre, _counters = queue_centre(counters=1, hours=WORKING_HOURS)
    return centre


def _book(centre, person, hour):
    return appointment_book(citizen=person, centre=centre, service=service(), start=at(1, hour))


def _unchanged(appointment):
    fresh = Appointment.objects.get(pk=appointment.pk)
    assert fresh.state == AppointmentState.BOOKED and fresh.start == appointment.start
    assert Appointment.objects.filter(citizen=appointment.citizen, state=AppointmentState.BOOKED).count() == 1


def test_a_citizen_moves_their_appointment_to_another_slot(api_client, centre):
    person = CitizenFactory()
    mine = _book(centre, person, 9)
    response = authed(api_client, person).post(
        f"/api/v1/appointments/{mine.pk}/move/",
        {"start": at(1, 11).isoformat()},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["id"] != mine.pk and body["state"] == "booked" and body["service"] == service().code
    assert timezone.localtime(Appointment.objects.get(pk=body["id"]).start).hour == 11
    assert Appointment.objects.get(pk=mine.pk).state == AppointmentState.CANCELLED
    # the old place is free again
    assert appointment_book(citizen=CitizenFactory(), centre=centre, service=service(), start=at(1, 9))


def test_moving_to_a_full_slot_is_409_and_the_booking_stays(api_client, centre):
    person = CitizenFactory()
    mine = _book(centre, person, 9)
    _book(centre, CitizenFactory(), 10)
    response = authed(api_client, person).post(
        f"/api/v1/appointments/{mine.pk}/move/",
        {"start": at(1, 10).isoformat()},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    _unchanged(mine)


@pytest.mark.parametrize(
    "start, words",
    [
        ("tomorrow at ten", "date and time"),
        ("", "blank"),
        ("2020-01-05T09:00:00+04:00", "passed"),
        ("NEXT_DAY_09_07", "no slot"),
        ("SAME", "already at this time"),
    ],
)
def test_a_bad_new_time_is_422_and_changes_nothing(api_client, centre, start, words):
    person = CitizenFactory()
    mine = _book(centre, person, 9)
    if start == "NEXT_DAY_09_07":
        start = (at(1, 9) + timedelta(minutes=7)).isoformat()
    elif start == "SAME":
        start = at(1, 9).isoformat()
    response = authed(api_client, person).post(
        f"/api/v1/appointments/{mine.pk}/move/", {"start": start}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code in (400, 422), response.json()
    assert response["Content-Type"].startswith("application/problem+json")
    assert words in str(response.json()).lower()
    _unchanged(mine)


def test_a_holiday_is_refused_with_the_reason(api_client, centre):
    from sanad.centres.models import PublicHoliday

    person = CitizenFactory()
    mine = _book(centre, person, 9)
    day = timezone.localdate() + timedelta(days=2)
    PublicHoliday.objects.create(date=day, name_ar="عطلة", name_en="Holiday")
    response = authed(api_client, person).post(
        f"/api/v1/appointments/{mine.pk}/move/",
        {"start": at(2, 9).isoformat()},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422 and "closed" in str(response.json())
    _unchanged(mine)


def test_another_citizens_appointment_is_404_and_a_cancelled_one_409(api_client, centre):
    person, stranger = CitizenFactory(), CitizenFactory()
    mine = _book(centre, person, 9)
    response = authed(api_client, stranger).post(
        f"/api/v1/appointments/{mine.pk}/move/",
        {"start": at(1, 11).isoformat()},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 404
    _unchanged(mine)
    appointment_cancel(appointment_id=mine.pk, actor=person)
    response = authed(api_client, person).post(
        f"/api/v1/appointments/{mine.pk}/move/",
        {"start": at(1, 11).isoformat()},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    assert Appointment.objects.filter(citizen=person).count() == 1


def test_centre_staff_see_the_booking_but_cannot_move_it(api_client, centre):
    from sanad.centres.tests.factories import staff_of

    person = CitizenFactory()
    mine = _book(centre, person, 9)
    response = authed(api_client, staff_of(centre)).post(
        f"/api/v1/appointments/{mine.pk}/move/",
        {"start": at(1, 11).isoformat()},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    _unchanged(mine)


def test_moving_needs_a_signed_in_citizen(api_client, centre):
    mine = _book(centre, CitizenFactory(), 9)
    response = api_client.post(
        f"/api/v1/appointments/{mine.pk}/move/",
        {"start": at(1, 11).isoformat()},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 401
    _unchanged(mine)
