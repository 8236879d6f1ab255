"""A licence is read by its applicant and by its centre's manager and owners as well as the regulator,
and each of them is offered only the actions that are theirs. Anyone else gets a 404."""

import pytest
from conftest import authed

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.centres.constants import LicenceState, StaffRole
from sanad.centres.models import Licence

from .factories import make_centre, staff_of
from .test_application import _application

pytestmark = pytest.mark.django_db


def _get(api_client, user, licence):
    return authed(api_client, user).get(f"/api/v1/licences/{licence.pk}/")


def test_the_create_response_offers_the_applicant_no_regulator_actions(api_client, citizen):
    response = authed(api_client, citizen).post("/api/v1/licences/", _application(), format="json")
    assert response.status_code == 201
    assert response.json()["actions"] == []


def test_the_applicant_reads_their_own_application(api_client, citizen):
    licence_id = (
        authed(api_client, citizen).post("/api/v1/licences/", _application(), format="json").json()["id"]
    )
    response = api_client.get(f"/api/v1/licences/{licence_id}/")
    assert response.status_code == 200
    assert response.json()["state"] == "submitted" and response.json()["actions"] == []


def test_the_applicant_may_see_but_not_review_their_application(api_client, citizen):
    licence_id = (
        authed(api_client, citizen).post("/api/v1/licences/", _application(), format="json").json()["id"]
    )
    response = api_client.post(
        f"/api/v1/licences/{licence_id}/actions/", {"action": "start_review"}, format="json"
    )
    assert response.status_code == 403
    assert Licence.objects.get(pk=licence_id).state == LicenceState.SUBMITTED


def test_the_regulator_is_offered_the_regulators_actions(api_client, regulator, citizen):
    licence_id = (
        authed(APIClientFor(), citizen).post("/api/v1/licences/", _application(), format="json").json()["id"]
    )
    response = authed(api_client, regulator).get(f"/api/v1/licences/{licence_id}/")
    assert response.status_code == 200 and "start_review" in response.json()["actions"]


def test_a_manager_reads_their_own_centres_licence_with_no_actions(api_client):
    centre = make_centre()
    manager = staff_of(centre, StaffRole.MANAGER)
    response = _get(api_client, manager, centre.licence)
    assert response.status_code == 200 and response.json()["actions"] == []


def test_an_owner_is_offered_the_renewal(api_client):
    centre = make_centre(expires_in_days=20)
    owner = staff_of(centre, StaffRole.OWNER)
    response = _get(api_client, owner, centre.licence)
    assert response.status_code == 200 and response.json()["actions"] == ["renew"]


@pytest.mark.parametrize("who", ["other_manager", "clerk", "citizen", "officer"])
def test_anyone_else_gets_a_404_for_a_licence(api_client, who):
    centre = make_centre()
    users = {
        "other_manager": lambda: staff_of(make_centre(), StaffRole.MANAGER),
        "clerk": lambda: staff_of(centre, StaffRole.CLERK),
        "citizen": lambda: UserFactory(role=Role.CITIZEN),
        "officer": lambda: UserFactory(role=Role.INSTITUTION_OFFICER),
    }
    assert _get(api_client, users[who](), centre.licence).status_code == 404


def test_a_manager_may_see_but_not_suspend_the_licence(api_client):
    centre = make_centre()
    manager = staff_of(centre, StaffRole.MANAGER)
    response = authed(api_client, manager).post(
        f"/api/v1/licences/{centre.licence.pk}/actions/",
        {"action": "suspend", "reason": "x", "until": "2099-01-01"},
        format="json",
    )
    assert response.status_code == 403
    centre.licence.refresh_from_db()
    assert centre.licence.state == LicenceState.ACTIVE


def test_the_licence_list_stays_the_regulators(api_client):
    manager = staff_of(make_centre(), StaffRole.MANAGER)
    assert authed(api_client, manager).get("/api/v1/licences/").status_code == 403


def APIClientFor():
    from rest_framework.test import APIClient

    return APIClient()
