"""Sign-ins lock out after a few wrong passwords (web and API, from any address), API tokens expire,
and the documented token contract still holds."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from sanad.accounts.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _token(api_client, username, password, address="203.0.113.1"):
    return api_client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_token_contract_holds_username_and_password_give_a_token_that_authenticates(api_client):
    user = UserFactory()
    response = _token(api_client, user.username, TEST_PASSWORD)
    assert response.status_code == 200 and set(response.json()) == {"token"}
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api_client.get("/api/v1/me/").json()["username"] == user.username


def test_tokens_expire(api_client, settings):
    user = UserFactory()
    token = _token(api_client, user.username, TEST_PASSWORD).json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/me/").status_code == 200
    later = timezone.now() + settings.REST_KNOX["TOKEN_TTL"] + timedelta(minutes=1)
    with time_machine.travel(later):
        assert api_client.get("/api/v1/me/").status_code == 401


def test_tokens_are_stored_hashed_never_in_clear(api_client):
    from knox.models import AuthToken

    user = UserFactory()
    token = _token(api_client, user.username, TEST_PASSWORD).json()["token"]
    stored = AuthToken.objects.get(user=user)
    assert token not in (stored.digest, stored.token_key) and len(token) > len(stored.token_key)


def test_api_sign_in_locks_out_after_the_allowed_wrong_passwords_even_across_addresses(api_client, settings):
    user = UserFactory()
    statuses = [
        _token(api_client, user.username, "wrong", address=f"198.51.100.{n}").status_code
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[:-1] == [401] * (settings.AXES_FAILURE_LIMIT - 1)
    locked = _token(api_client, user.username, TEST_PASSWORD, address="198.51.100.200")
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("application/problem+json")
    assert "token" not in locked.json()


def test_the_lockout_lifts_after_the_cool_off(api_client, settings):
    user = UserFactory()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _token(api_client, user.username, "wrong", address=f"198.51.100.{n}")
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        assert _token(api_client, user.username, TEST_PASSWORD, address="198.51.100.9").status_code == 200


def test_web_sign_in_locks_out_and_says_so_in_arabic(client, settings):
    user = UserFactory()
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": user.username, "password": "wrong"}, REMOTE_ADDR=f"192.0.2.{n}")
    response = client.post(
        "/login/", {"username": user.username, "password": TEST_PASSWORD}, REMOTE_ADDR="192.0.2.200"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "محاولات" in response.content.decode() or "كلمة المرور" in response.content.decode()


def test_rotating_x_forwarded_for_does_not_escape_the_address_lockout(api_client, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        api_client.post(
            "/api/v1/auth/token/",
            {"username": f"someone-{n}", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    user = UserFactory()
    response = api_client.post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": TEST_PASSWORD},
        HTTP_X_FORWARDED_FOR="10.0.0.250",
    )
    assert response.status_code == 429
