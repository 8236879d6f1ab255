import pytest

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.catalogue.models import Institution, InstitutionMembership

from .factories import citizen, licensed_centre, open_walk_in, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    centre = licensed_centre()
    return open_walk_in(centre, staff(centre), citizen())


def test_the_regulator_reads_any_case_without_actions(client, case):
    client.force_login(UserFactory(role=Role.REGULATOR))
    listing = client.get("/cases/").content.decode()
    assert case.reference in listing
    page = client.get(f"/cases/{case.reference}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert case.reference in html
    assert "21.575" in html  # the fee breakdown
    assert 'name="action"' not in html  # read only


def test_an_officer_sees_only_what_reached_their_institution(client, case):
    officer = UserFactory(role=Role.INSTITUTION_OFFICER)
    InstitutionMembership.objects.create(user=officer, institution=Institution.objects.get(code="ROP"))
    client.force_login(officer)
    assert case.reference not in client.get("/cases/").content.decode()
    assert client.get(f"/cases/{case.reference}/").status_code == 404


def test_a_mistyped_reference_is_a_clear_400_and_citizens_are_not_supervisors(client, case):
    client.force_login(UserFactory(role=Role.REGULATOR))
    wrong = case.reference[:-1] + str((int(case.reference[-1]) + 1) % 10)
    assert client.get(f"/cases/{wrong}/").status_code == 400
    listing = client.get("/cases/", {"q": wrong})
    assert listing.status_code == 200
    assert "is-invalid" in listing.content.decode()
    client.force_login(case.citizen)
    assert client.get("/cases/").status_code == 403
