"""Limits key on the real client: REMOTE_ADDR unless a trusted proxy count says otherwise, so
rotating X-Forwarded-For never buys a fresh bucket, on the API or on the web pages."""

import pytest
from django.test import RequestFactory

from sanad.core.clients import client_address

pytestmark = pytest.mark.django_db


def _request(remote="203.0.113.7", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.SANAD_TRUSTED_PROXIES = 0
    assert client_address(_request(forwarded="1.2.3.4")) == "203.0.113.7"


def test_with_one_trusted_proxy_the_entry_it_appended_is_the_client(settings):
    settings.SANAD_TRUSTED_PROXIES = 1
    # The caller wrote "1.2.3.4" itself; our proxy appended the address it saw.
    assert client_address(_request(remote="10.0.0.2", forwarded="1.2.3.4, 198.51.100.9")) == "198.51.100.9"


def test_with_two_trusted_proxies_the_second_from_the_right_is_the_client(settings):
    settings.SANAD_TRUSTED_PROXIES = 2
    forwarded = "6.6.6.6, 198.51.100.9, 10.0.0.3"
    assert client_address(_request(remote="10.0.0.2", forwarded=forwarded)) == "198.51.100.9"


def test_garbage_in_the_header_falls_back_to_the_socket_address(settings):
    settings.SANAD_TRUSTED_PROXIES = 1
    assert client_address(_request(forwarded="not-an-address")) == "203.0.113.7"


def test_rotating_x_forwarded_for_does_not_bypass_the_token_limit(api_client):
    for n in range(20):
        api_client.post(
            "/api/v1/auth/token/", {"username": "x", "password": "y"}, HTTP_X_FORWARDED_FOR=f"10.9.0.{n}"
        )
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "x", "password": "y"}, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/problem+json")


def test_rotating_x_forwarded_for_does_not_bypass_the_tracking_limit(api_client):
    from sanad.cases.reference import format_reference

    body = {"reference": format_reference(2026, 1234567), "civil_suffix": "0000"}
    statuses = [
        api_client.post("/api/v1/public/track/", body, HTTP_X_FORWARDED_FOR=f"10.8.0.{n}").status_code
        for n in range(31)
    ]
    assert statuses[-1] == 429


def test_rotating_x_forwarded_for_does_not_bypass_the_web_tracking_limit(client):
    from sanad.cases.reference import format_reference
    from sanad.cases.views.public import TRACK_LIMIT

    for n in range(TRACK_LIMIT):
        client.post(
            "/track/",
            {"reference": format_reference(2026, 1000000 + n), "civil_suffix": "0000"},
            HTTP_X_FORWARDED_FOR=f"10.7.0.{n}",
        )
    response = client.post(
        "/track/",
        {"reference": format_reference(2026, 1999999), "civil_suffix": "0000"},
        HTTP_X_FORWARDED_FOR="10.7.9.9",
    )
    assert response.status_code == 429


def test_anonymous_and_signed_in_calls_are_throttled_by_default(settings):
    from rest_framework.settings import api_settings

    classes = {cls.__name__ for cls in api_settings.DEFAULT_THROTTLE_CLASSES}
    assert {"AnonThrottle", "UserThrottle", "ScopedThrottle"} <= classes


def test_a_view_without_its_own_permission_is_closed_to_anonymous_callers():
    from rest_framework.permissions import IsAuthenticated
    from rest_framework.settings import api_settings

    assert [IsAuthenticated] == api_settings.DEFAULT_PERMISSION_CLASSES


def test_anonymous_calls_run_out_of_their_default_budget(api_client, settings, monkeypatch):
    from sanad.api.throttling import AnonThrottle

    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", {**AnonThrottle.THROTTLE_RATES, "anon": "3/min"})
    statuses = [
        api_client.get("/api/v1/governorates/", HTTP_X_FORWARDED_FOR=f"10.6.0.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_a_request_without_any_address_gives_lockouts_no_address_rather_than_a_bogus_one():
    from sanad.core.clients import axes_client_ip

    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_address(request) == "unknown"
    assert axes_client_ip(request) is None
