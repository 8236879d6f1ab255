from datetime import datetime, time, timedelta

import pytest
from conftest import authed
from django.utils import timezone

from sanad.accounts.tests.factories import CitizenFactory
from sanad.cases.models import Case
from sanad.cases.tests.factories import DL_FORM
from sanad.centres.models import Centre
from sanad.core.errors import Conflict, NotFound
from sanad.queueing import dispatch
from sanad.queueing.constants import DispatchState
from sanad.queueing.models import DispatchOffer, DispatchRequest

from .factories import clerk_at, queue_centre, service

pytestmark = pytest.mark.django_db

BAWSHAR = (23.5600, 58.4000)


def working_morning():
    """The next Sunday at 09:00 in Muscat (a working day, centres open)."""
    day = timezone.localdate()
    while day.weekday() != 6:
        day += timedelta(days=1)
    return datetime.combine(day, time(9, 0), tzinfo=timezone.get_current_timezone())


def centres_around(n: int, **fields):
    made = []
    for i in range(n):
        centre, _ = queue_centre(**fields)
        Centre.objects.filter(pk=centre.pk).update(latitude=BAWSHAR[0] + 0.01 * i, longitude=BAWSHAR[1])
        made.append(centre)
    return made


def request_near(person, now):
    return dispatch.dispatch_create(
        citizen=person,
        service=service(),
        latitude=BAWSHAR[0],
        longitude=BAWSHAR[1],
        form_data=dict(DL_FORM),
        government_fee=20000,
        now=now,
    )


def test_a_request_is_offered_to_the_nearest_ring_and_claimed_once():
    near, middle, far, _farther = centres_around(4)
    t = working_morning()
    request = request_near(CitizenFactory(), t)
    assert set(request.offers.values_list("centre_id", flat=True)) == {near.pk, middle.pk, far.pk}
    first, second = clerk_at(middle), clerk_at(near)
    claimed = dispatch.dispatch_claim(request_id=request.pk, actor=first, now=t)
    assert claimed.state == DispatchState.CLAIMED and claimed.case.centre_id == middle.pk
    assert claimed.case.state == "accepted"
    with pytest.raises(Conflict, match="already taken"):
        dispatch.dispatch_claim(request_id=request.pk, actor=second, now=t)
    assert Case.objects.count() == 1


def test_a_centre_not_offered_the_request_cannot_claim_it():
    centres = centres_around(4)
    request = request_near(CitizenFactory(), working_morning())
    with pytest.raises(NotFound):
        dispatch.dispatch_claim(request_id=request.pk, actor=clerk_at(centres[3]))
    assert DispatchRequest.objects.get().state == DispatchState.OFFERED


def test_a_suspended_centre_is_never_offered():
    suspended = centres_around(
        1, state="suspended", suspended_until=timezone.localdate() + timedelta(days=30)
    )[0]
    Centre.objects.filter(pk=suspended.pk).update(latitude=BAWSHAR[0], longitude=BAWSHAR[1])
    centres_around(3)
    request = request_near(CitizenFactory(), working_morning())
    assert suspended.pk not in set(request.offers.values_list("centre_id", flat=True))


def test_unclaimed_after_30_working_minutes_it_goes_to_the_next_ring():
    centres = centres_around(5)
    t = working_morning()
    request = request_near(CitizenFactory(), t)
    assert dispatch.dispatch_advance(now=t + timedelta(minutes=29)) == 0
    assert dispatch.dispatch_advance(now=t + timedelta(minutes=31)) == 1
    offered = set(DispatchOffer.objects.filter(request=request).values_list("centre_id", flat=True))
    assert offered == {c.pk for c in centres}


def test_a_flooded_centre_is_passed_over_for_a_free_one():
    centres = centres_around(5)
    Centre.objects.update(counters=1)  # three open offers fill a one-counter centre
    t = working_morning()
    for _i in range(3):  # three requests each offered to the nearest three
        request_near(CitizenFactory(), t)
    fourth = request_near(CitizenFactory(), t)
    offered = set(fourth.offers.values_list("centre_id", flat=True))
    # The two free centres first, though farther; the third place goes to the nearest of the full ones.
    assert offered == {centres[3].pk, centres[4].pk, centres[0].pk}


def test_the_api_takes_near_instead_of_a_centre_and_clerks_see_and_claim_it(api_client):
    centres = centres_around(3)
    person = CitizenFactory()
    response = authed(api_client, person).post(
        "/api/v1/cases/",
        {
            "service": service().code,
            "channel": "online",
            "near": f"{BAWSHAR[0]},{BAWSHAR[1]}",
            "form_data": DL_FORM,
            "government_fee": 20000,
        },
        format="json",
    )
    assert response.status_code == 202, response.json()
    assert response.json()["offered_to"] == 3
    clerk = clerk_at(centres[0])
    client = authed(type(api_client)(), clerk)
    inbox = client.get("/api/v1/available-requests/").json()
    assert [r["id"] for r in inbox] == [response.json()["id"]]


def test_a_bad_near_point_is_422_and_nothing_is_offered(api_client):
    centres_around(1)
    response = authed(api_client, CitizenFactory()).post(
        "/api/v1/cases/", {"service": service().code, "channel": "online", "near": "north"}, format="json"
    )
    assert response.status_code == 422
    assert DispatchRequest.objects.count() == 0
