"""Fixtures shared by every test: one user per role, an API client, eager Celery."""

import pytest
from rest_framework.test import APIClient

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import CitizenFactory, UserFactory


@pytest.fixture(autouse=True)
def _eager_celery():
    from sanad.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def citizen(db):
    return CitizenFactory()


@pytest.fixture
def clerk(db):
    return UserFactory(role=Role.CENTRE_STAFF)


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.INSTITUTION_OFFICER)


@pytest.fixture
def regulator(db):
    return UserFactory(role=Role.REGULATOR, is_staff=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)


def authed(client: APIClient, user) -> APIClient:
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
