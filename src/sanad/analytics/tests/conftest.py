import pytest
from rest_framework.test import APIClient

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory


@pytest.fixture
def regulator(db):
    return UserFactory(role=Role.REGULATOR)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_regulator(api, regulator):
    api.force_authenticate(regulator)
    return api


def officer_of(code: str):
    from sanad.catalogue.models import Institution, InstitutionMembership

    user = UserFactory(role=Role.INSTITUTION_OFFICER)
    InstitutionMembership.objects.create(user=user, institution=Institution.objects.get(code=code))
    return user
