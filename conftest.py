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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Hashing strength is Django's concern; tests only need passwords that check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    """Each test starts with an empty cache of its own (rate limits, lockouts, sessions), without
    clearing anything: a fresh local-memory cache, or with REDIS_URL, the configured Redis database
    under a key prefix nobody else uses."""
    import uuid

    if not settings.REDIS_URL:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"test-{uuid.uuid4().hex}",
            }
        }
        return
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
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
    from knox.models import AuthToken

    _instance, token = AuthToken.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_append_only_triggers():
    """Transactional tests empty every table afterwards. PostgreSQL does it with TRUNCATE, which the
    append-only triggers (sanad.audit.triggers) do not see; SQLite deletes rows, which they refuse:
    so on SQLite the test teardown lifts them for the flush and puts them back."""
    from django.db import connection

    from sanad.audit import triggers

    if connection.vendor != "sqlite":
        yield
        return
    DatabaseOperations = type(connection.ops)
    original = DatabaseOperations.execute_sql_flush

    def flush(self, sql_list):
        with self.connection.cursor() as cursor:
            for sql in triggers.drop_statements("sqlite", triggers.APPEND_ONLY):
                cursor.execute(sql)
        try:
            original(self, sql_list)
        finally:
            triggers.ensure(self.connection)

    DatabaseOperations.execute_sql_flush = flush
    yield
    DatabaseOperations.execute_sql_flush = original
