"""Applying for a licence: eligibility checks with the reason, and nothing created when refused."""

from datetime import timedelta

import pytest
from conftest import authed
from django.utils import timezone

from sanad.accounts.constants import IdKind
from sanad.accounts.models import CitizenProfile
from sanad.centres.constants import LicenceState
from sanad.centres.models import Centre, Licence
from sanad.centres.services import licence_apply
from sanad.core.errors import PermissionDenied, ValidationFailed

from .factories import add_owner, make_centre, owner_data

pytestmark = pytest.mark.django_db


def _application(**overrides) -> dict:
    data = {
        "name_ar": "مركز الأمل لخدمات سند",
        "name_en": "Al Amal Sanad Centre",
        "wilayat": "OM-MA-SEEB",
        "address_ar": "مبنى 5، السيب",
        "latitude": 23.67,
        "longitude": 58.19,
        "phone": "24123456",
        "email": "amal@example.om",
        "counters": 2,
        "owners": [owner_data(civil_number="61234567")],
    }
    data.update(overrides)
    return data


def test_an_eligible_citizen_applies_and_the_application_is_submitted(citizen):
    licence = licence_apply(applicant=citizen, **_application())
    assert licence.state == LicenceState.SUBMITTED
    assert licence.centre.phone == "+96824123456"
    event = licence.events.get()
    assert (event.action, event.to_state, event.actor) == ("apply", "submitted", citizen)
    owner = licence.centre.owners.get()
    # The applicant's own civil number is taken from their profile, not from the form.
    assert owner.civil_number == citizen.citizen_profile.id_number and owner.user == citizen


def test_up_to_four_partners_may_apply_together(citizen):
    partners = [owner_data(civil_number=f"6123456{i}") for i in range(4)]
    licence = licence_apply(applicant=citizen, **_application(owners=partners))
    assert licence.centre.owners.count() == 4


@pytest.mark.parametrize(
    ("owner", "reason"),
    [
        ({"is_omani": False}, "Omani"),
        ({"age": 17}, "between 18 and 55"),
        ({"age": 56}, "between 18 and 55"),
        ({"full_time": False}, "full time"),
        ({"employed_elsewhere": True}, "employed elsewhere"),
    ],
)
def test_an_ineligible_applicant_is_told_why_and_nothing_is_created(citizen, owner, reason):
    age = owner.pop("age", 30)
    with pytest.raises(ValidationFailed) as caught:
        licence_apply(applicant=citizen, **_application(owners=[owner_data(age=age, **owner)]))
    assert reason in caught.value.message
    assert not Centre.objects.exists() and not Licence.objects.exists()


def test_five_partners_are_too_many(citizen):
    partners = [owner_data(civil_number=f"6123456{i}") for i in range(5)]
    with pytest.raises(ValidationFailed) as caught:
        licence_apply(applicant=citizen, **_application(owners=partners))
    assert "owners" in caught.value.errors
    assert not Centre.objects.exists()


def test_a_person_who_already_owns_a_centre_cannot_apply_again(citizen):
    other = make_centre()
    add_owner(other, civil_number=citizen.citizen_profile.id_number)
    with pytest.raises(ValidationFailed) as caught:
        licence_apply(applicant=citizen, **_application())
    assert "another Sanad centre" in caught.value.message
    assert Centre.objects.count() == 1


def test_the_civil_register_wins_over_what_was_declared(citizen):
    CitizenProfile.objects.filter(user=citizen).update(
        id_kind=IdKind.RESIDENT, date_of_birth=timezone.localdate() - timedelta(days=30 * 365)
    )
    with pytest.raises(ValidationFailed) as caught:
        licence_apply(applicant=citizen, **_application())
    assert "Omani" in caught.value.message


@pytest.mark.parametrize(("lat", "lon"), [(25.2048, 55.2708), (24.4539, 54.3773), (0, 0), ("x", 58)])
def test_coordinates_outside_oman_are_refused(citizen, lat, lon):
    with pytest.raises(ValidationFailed) as caught:
        licence_apply(applicant=citizen, **_application(latitude=lat, longitude=lon))
    assert "latitude" in caught.value.errors
    assert not Centre.objects.exists()


def test_only_a_citizen_account_can_apply(regulator):
    with pytest.raises(PermissionDenied):
        licence_apply(applicant=regulator, **_application())


def test_the_api_refuses_an_ineligible_applicant_with_a_translated_reason(api_client, citizen):
    body = _application(owners=[owner_data(age=60)])
    response = authed(api_client, citizen).post(
        "/api/v1/licences/", body, format="json", HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "55" in response.json()["detail"] and "بين" in response.json()["detail"]
    assert not Licence.objects.exists()


def test_the_api_accepts_an_application(api_client, citizen):
    response = authed(api_client, citizen).post("/api/v1/licences/", _application(), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "submitted"
    assert [e["action"] for e in response.json()["events"]] == ["apply"]
