"""Staff memberships and who sees which centre (tenancy as a matrix)."""

import pytest
from conftest import authed
from django.utils import timezone

from sanad.accounts.constants import Gender, Role
from sanad.accounts.models import User
from sanad.accounts.tests.factories import CitizenFactory, UserFactory
from sanad.centres import selectors
from sanad.centres.constants import LicenceState, StaffRole
from sanad.centres.models import StaffMembership
from sanad.centres.services import staff_add, staff_remove
from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

from .factories import make_centre, staff_of

pytestmark = pytest.mark.django_db


def test_an_owner_adds_a_clerk_with_what_the_jobs_statistics_need():
    centre = make_centre()
    owner = staff_of(centre, StaffRole.OWNER)
    membership = staff_add(
        centre_id=centre.pk, actor=owner, username="new-clerk", role="clerk", full_name_ar="موظفة جديدة",
        gender=Gender.FEMALE, is_omani=True, password="a-long-password",
    )  # fmt: skip
    user = User.objects.get(username="new-clerk")
    assert user.role == Role.CENTRE_STAFF and user.check_password("a-long-password")
    assert (membership.role, membership.gender, membership.is_omani) == ("clerk", "female", True)
    assert selectors.staff_membership(user).centre == centre
    assert selectors.jobs_statistics() == {"total": 2, "women": 2, "omani": 2}


def test_a_manager_adds_clerks_but_only_the_owner_adds_managers():
    centre = make_centre()
    manager = staff_of(centre, StaffRole.MANAGER)
    staff_add(
        centre_id=centre.pk, actor=manager, username="c1", role="clerk", full_name_ar="أ", gender="male"
    )
    with pytest.raises(PermissionDenied):
        staff_add(
            centre_id=centre.pk, actor=manager, username="m2", role="manager", full_name_ar="ب", gender="male"
        )
    assert not User.objects.filter(username="m2").exists()


def test_a_clerk_cannot_add_or_remove_staff():
    centre = make_centre()
    clerk = staff_of(centre, StaffRole.CLERK)
    other = staff_of(centre, StaffRole.CLERK)
    with pytest.raises(PermissionDenied):
        staff_add(
            centre_id=centre.pk, actor=clerk, username="x", role="clerk", full_name_ar="س", gender="male"
        )
    with pytest.raises(PermissionDenied):
        staff_remove(centre_id=centre.pk, actor=clerk, membership_id=other.centre_memberships.get().pk)
    assert StaffMembership.objects.filter(ended_on__isnull=True).count() == 2


def test_a_removed_clerk_loses_access_at_once(api_client):
    centre = make_centre()
    owner = staff_of(centre, StaffRole.OWNER)
    clerk = staff_of(centre, StaffRole.CLERK)
    assert authed(api_client, clerk).get(f"/api/v1/centres/{centre.pk}/staff/").status_code == 200
    staff_remove(centre_id=centre.pk, actor=owner, membership_id=clerk.centre_memberships.get().pk)
    assert selectors.staff_membership(clerk) is None
    assert not selectors.centres_visible_to(clerk).exists()
    assert api_client.get(f"/api/v1/centres/{centre.pk}/staff/").status_code == 404
    assert clerk.centre_memberships.get().ended_on == timezone.localdate()


def test_someone_working_at_another_centre_cannot_be_added():
    centre_a, centre_b = make_centre(), make_centre()
    owner_b = staff_of(centre_b, StaffRole.OWNER)
    clerk_a = staff_of(centre_a, StaffRole.CLERK)
    with pytest.raises(Conflict):
        staff_add(
            centre_id=centre_b.pk, actor=owner_b, username=clerk_a.username, role="clerk", gender="female"
        )
    assert selectors.staff_membership(clerk_a).centre == centre_a


def test_staff_input_is_checked_and_a_citizen_account_is_not_turned_into_staff():
    centre = make_centre()
    owner = staff_of(centre, StaffRole.OWNER)
    citizen = CitizenFactory()
    with pytest.raises(ValidationFailed) as caught:
        staff_add(centre_id=centre.pk, actor=owner, username=citizen.username, role="clerk", gender="female")
    assert "username" in caught.value.errors
    with pytest.raises(ValidationFailed) as caught:
        staff_add(centre_id=centre.pk, actor=owner, username="y", role="owner", gender="")
    assert {"role", "gender"} <= set(caught.value.errors)
    assert StaffMembership.objects.count() == 1


def test_owners_leave_only_by_transfer_and_nobody_removes_themself():
    centre = make_centre()
    owner = staff_of(centre, StaffRole.OWNER)
    manager = staff_of(centre, StaffRole.MANAGER)
    with pytest.raises(Conflict):
        staff_remove(centre_id=centre.pk, actor=owner, membership_id=owner.centre_memberships.get().pk)
    with pytest.raises(PermissionDenied):
        staff_remove(centre_id=centre.pk, actor=manager, membership_id=manager.centre_memberships.get().pk)


def test_a_manager_of_one_centre_gets_404_for_another_centre(api_client):
    centre_a, centre_b = make_centre(), make_centre()
    manager_a = staff_of(centre_a, StaffRole.MANAGER)
    client = authed(api_client, manager_a)
    for method, url, body in [
        ("get", f"/api/v1/centres/{centre_b.pk}/staff/", None),
        (
            "post",
            f"/api/v1/centres/{centre_b.pk}/staff/",
            {"username": "z", "role": "clerk", "gender": "male"},
        ),
        ("put", f"/api/v1/centres/{centre_b.pk}/hours/", {"weekly": {}}),
        ("get", f"/api/v1/centres/{centre_b.pk}/prices/", None),
    ]:
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 404, (method, url)
    assert not User.objects.filter(username="z").exists()
    with pytest.raises(NotFound):
        selectors.centre_for_staff(manager_a, centre_b.pk)


def test_centres_visible_to_each_kind_of_user():
    active, other = make_centre(), make_centre()
    suspended = make_centre(
        state=LicenceState.SUSPENDED, suspended_until=timezone.localdate().replace(year=2099)
    )
    applied = make_centre(state=LicenceState.SUBMITTED)
    clerk = staff_of(active, StaffRole.CLERK)
    matrix = {
        UserFactory(role=Role.REGULATOR): {active, other, suspended, applied},
        UserFactory(role=Role.ADMIN): {active, other, suspended, applied},
        clerk: {active},
        UserFactory(role=Role.CENTRE_STAFF): set(),  # staff without a centre
        CitizenFactory(): {active, other},
        UserFactory(role=Role.INSTITUTION_OFFICER): {active, other},
        None: {active, other},
    }
    for user, expected in matrix.items():
        assert set(selectors.centres_visible_to(user)) == expected, user


def test_the_api_requires_the_arabic_name_of_a_new_staff_member_as_its_schema_says(api_client):
    centre = make_centre()
    owner = staff_of(centre, StaffRole.OWNER)
    client = authed(api_client, owner)
    body = {"username": "newclerk", "role": "clerk", "gender": "female"}
    response = client.post(f"/api/v1/centres/{centre.pk}/staff/", body, format="json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "full_name_ar" in response.json()["errors"]
    assert not User.objects.filter(username="newclerk").exists()
    response = client.post(
        f"/api/v1/centres/{centre.pk}/staff/", {**body, "full_name_ar": "مريم البلوشية"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["full_name_ar"] == "مريم البلوشية"
