"""A reference's own budget: a few wrong civil-number suffixes lock it for a while, whoever asks,
the caller cannot tell "locked" from "wrong", and the citizen is told by SMS."""

import pytest

from sanad.cases import tracking
from sanad.cases.reference import format_reference
from sanad.notifications.models import Notification
from sanad.outbox.models import OutboxMessage

from .factories import citizen, licensed_centre, open_walk_in, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    centre = licensed_centre()
    person = citizen()
    case = open_walk_in(centre, staff(centre), person)
    return {"case": case, "person": person, "suffix": person.citizen_profile.id_number[-4:]}


def _wrong(suffix: str) -> str:
    return "0000" if suffix != "0000" else "1111"


def _post(api_client, reference, suffix, address):
    return api_client.post(
        "/api/v1/public/track/", {"reference": reference, "civil_suffix": suffix}, REMOTE_ADDR=address
    )


def test_a_reference_locks_after_the_allowed_wrong_tries_even_from_many_addresses(world, api_client):
    case, suffix = world["case"], world["suffix"]
    for n in range(tracking.TRACK_FAILURES_ALLOWED):
        assert _post(api_client, case.reference, _wrong(suffix), f"10.1.0.{n}").status_code == 404
    locked = _post(api_client, case.reference, suffix, "10.1.9.9")
    unknown = _post(api_client, format_reference(2026, 7654321), suffix, "10.1.9.8")
    assert locked.status_code == unknown.status_code == 404
    assert locked.json()["detail"] == unknown.json()["detail"]
    assert "state" not in locked.json()


def test_the_citizen_is_told_by_sms_once_when_their_reference_locks(
    world, api_client, django_capture_on_commit_callbacks
):
    case, suffix, person = world["case"], world["suffix"], world["person"]
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(tracking.TRACK_FAILURES_ALLOWED + 3):
            _post(api_client, case.reference, _wrong(suffix), f"10.2.0.{n}")
    messages = OutboxMessage.objects.filter(kind="notification.sms", payload__topic="tracking_locked")
    assert messages.count() == 1
    sms = Notification.objects.get(recipient=person, channel="sms", topic="tracking_locked")
    assert case.reference in sms.body


def test_fewer_wrong_tries_than_allowed_leave_the_reference_open(world, api_client):
    case, suffix = world["case"], world["suffix"]
    for n in range(tracking.TRACK_FAILURES_ALLOWED - 1):
        _post(api_client, case.reference, _wrong(suffix), f"10.3.0.{n}")
    response = _post(api_client, case.reference, suffix, "10.3.9.9")
    assert response.status_code == 200
    assert response.json()["reference"] == case.reference


def test_the_lock_lifts_after_its_time(world, api_client):
    from django.core.cache import cache

    case, suffix = world["case"], world["suffix"]
    for n in range(tracking.TRACK_FAILURES_ALLOWED):
        _post(api_client, case.reference, _wrong(suffix), f"10.4.0.{n}")
    assert tracking.reference_locked(case.reference)
    cache.delete(tracking._lock_key(case.reference))  # what the cache expiry does
    assert _post(api_client, case.reference, suffix, "10.4.9.9").status_code == 200


def test_tracking_timestamps_are_muscat_time_like_the_rest_of_the_api(world, api_client):
    response = _post(api_client, world["case"].reference, world["suffix"], "10.5.0.1")
    assert response.json()["timeline"][0]["at"].endswith("+04:00")
