"""Fixtures shared by every test: one user per role, an API client, eager Celery."""

import os

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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is Django's concern; tests only need passwords that check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_redis_database(settings, request):
    """With REDIS_URL, each test worker gets its own Redis database, so that one worker clearing
    its cache (rate limits, sessions) never logs out another worker's test."""
    if not settings.REDIS_URL:
        return
    from urllib.parse import urlsplit, urlunsplit

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = 1 + int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 1
    parts = urlsplit(settings.REDIS_URL)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": urlunsplit(parts._replace(path=f"/{number}")),
        }
    }


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
