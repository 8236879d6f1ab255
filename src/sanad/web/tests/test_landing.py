"""Each role lands on its own page after signing in; a page asked for (next=) wins when it is on this
site."""

import pytest

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import TEST_PASSWORD, CitizenFactory, UserFactory
from sanad.cases.tests.factories import licensed_centre, staff
from sanad.catalogue.tests.factories import InstitutionFactory, officer_of
from sanad.centres.constants import StaffRole

pytestmark = pytest.mark.django_db


def sign_in(client, user, **extra):
    """The password, then (for the roles that need it) the authenticator code."""
    from sanad.accounts.tests.twofactor_helpers import current_code, enrolled_device
    from sanad.accounts.twofactor import needs_second_factor

    device = enrolled_device(user) if needs_second_factor(user) else None
    response = client.post("/login/", {"username": user.username, "password": TEST_PASSWORD, **extra})
    if device is None:
        return response
    assert response["Location"] == "/login/verify/"
    return client.post("/login/verify/", {"code": current_code(device)})


@pytest.fixture
def centre():
    return licensed_centre()


@pytest.mark.parametrize(
    ("make", "landing"),
    [
        (lambda centre: CitizenFactory(), "/my/cases/"),
        (lambda centre: staff(centre), "/centre/"),
        (lambda centre: staff(centre, role=StaffRole.MANAGER), "/centre/manage/"),
        (lambda centre: staff(centre, role=StaffRole.OWNER), "/centre/manage/"),
        (lambda centre: officer_of(InstitutionFactory()), "/institution/inbox/"),
        (lambda centre: UserFactory(role=Role.REGULATOR, is_staff=True), "/regulator/"),
        (lambda centre: UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True), "/admin/"),
    ],
    ids=["citizen", "clerk", "manager", "owner", "officer", "regulator", "admin"],
)
def test_each_role_lands_on_its_own_page(client, centre, make, landing):
    user = make(centre)
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == landing
    assert client.get(landing).status_code == 200
    # Signed in already, the sign-in page sends the person to the same place.
    assert client.get("/login/")["Location"] == landing


def test_the_page_asked_for_wins(client, centre):
    clerk = staff(centre)
    response = sign_in(client, clerk, next="/centre/cash/?day=2026-01-05")
    assert response["Location"] == "/centre/cash/?day=2026-01-05"


def test_the_next_of_the_sign_in_link_is_kept_through_the_form(client):
    citizen = CitizenFactory()
    response = client.get("/my/appointments/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/my/appointments/"
    html = client.get(response["Location"]).content.decode()
    assert 'name="next" value="/my/appointments/"' in html
    assert sign_in(client, citizen, next="/my/appointments/")["Location"] == "/my/appointments/"


@pytest.mark.parametrize(
    "foreign", ["https://evil.example/", "//evil.example/me/", "http://evil.example", "javascript:alert(1)"]
)
def test_a_next_to_another_site_is_ignored(client, foreign):
    citizen = CitizenFactory()
    response = sign_in(client, citizen, next=foreign)
    assert response.status_code == 302
    assert response["Location"] == "/my/cases/"
