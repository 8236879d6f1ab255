"""Every 4xx is application/problem+json (RFC 9457), translated by Accept-Language."""

import pytest

from sanad.accounts.tests.factories import TEST_PASSWORD, UserFactory
from sanad.geo.models import Wilayat

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert body["type"].startswith("https://")
    return body


def test_a_token_is_issued_for_the_right_password(api_client):
    user = UserFactory()
    response = api_client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": TEST_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == user.username


def test_wrong_password_and_unknown_user_get_the_same_401(api_client):
    user = UserFactory()
    wrong = api_client.post(
        "/api/v1/auth/token/", {"username": user.username, "password": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    unknown = api_client.post(
        "/api/v1/auth/token/", {"username": "nobody-here", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert assert_problem(wrong, 401)["detail"] == assert_problem(unknown, 401)["detail"]
    assert wrong.json()["detail"] == "The username or password is not correct."


def test_a_bad_token_is_a_401_problem(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    body = assert_problem(api_client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en"), 401)
    assert body["detail"] == "The token is not valid."


def test_no_credentials_is_a_401_problem(api_client):
    assert_problem(api_client.get("/api/v1/me/"), 401)


def test_malformed_json_is_a_400_problem_and_changes_nothing(api_client):
    before = Wilayat.objects.count()
    response = api_client.post(
        "/api/v1/auth/token/",
        data='{"username": "x", ',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = assert_problem(response, 400)
    assert body["detail"] == "The request body is not valid JSON."
    assert Wilayat.objects.count() == before


def test_missing_fields_are_listed_per_field(api_client):
    body = assert_problem(api_client.post("/api/v1/auth/token/", {}, format="json"), 400)
    assert set(body["errors"]) == {"username", "password"}


def test_unknown_api_url_is_a_404_problem(api_client):
    assert_problem(api_client.get("/api/v1/no-such-thing/"), 404)
    assert_problem(api_client.get("/api/v1/governorates/OM-XX/"), 404)


def test_errors_are_in_arabic_by_default_and_english_on_request(api_client):
    arabic = api_client.get("/api/v1/me/").json()["detail"]
    english = api_client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert english == "Authentication credentials were not provided."
    assert arabic != english
    assert any("\u0600" <= ch <= "\u06ff" for ch in arabic)


def test_an_unsupported_accept_language_falls_back_to_arabic(api_client):
    arabic = api_client.get("/api/v1/me/").json()["detail"]
    assert api_client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="fr-FR,de;q=0.8").json()["detail"] == arabic


def test_token_endpoint_is_rate_limited(api_client, settings):
    for _ in range(20):
        api_client.post("/api/v1/auth/token/", {"username": "x", "password": "y"})
    body = assert_problem(api_client.post("/api/v1/auth/token/", {"username": "x", "password": "y"}), 429)
    assert body["detail"]
