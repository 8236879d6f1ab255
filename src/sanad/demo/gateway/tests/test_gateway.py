"""The simulated gateway on its own: its status API answers only the merchant, it expires abandoned
sessions, and it is not served in production."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from sanad.demo.gateway import services
from sanad.payments.constants import SIGNATURE_HEADER
from sanad.payments.gateway import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return services.session_open(
        merchant_reference="7",
        case_reference="SND-2026-0000001-2",
        amount=21575,
        currency="OMR",
        return_url="/back/",
        callback_url="http://testserver/api/v1/payments/gateway/callback/",
    )


def test_the_status_api_answers_the_merchant_only(client, session):
    url = f"/demo/gateway/api/sessions/{session.reference}/"
    assert client.get(url).status_code == 403
    headers = {f"HTTP_{SIGNATURE_HEADER.upper().replace('-', '_')}": sign(session.reference.encode())}
    answer = client.get(url, **headers).json()
    assert (answer["status"], answer["amount"], answer["currency"]) == ("pending", 21575, "OMR")


def test_an_abandoned_session_expires_and_an_unknown_one_is_not_found(session, settings):
    later = timezone.now() + timedelta(minutes=settings.SANAD_GATEWAY_SESSION_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        assert services.session_status(session.reference)["status"] == "expired"
    assert services.session_status("GW-NONE")["status"] == "not_found"


def test_a_refund_never_exceeds_the_payment_and_a_repeat_is_ignored(
    session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.session_complete(reference=session.reference, action="pay", mode="timeout")
    services.session_refund(reference=session.reference, amount=1000, key="r1")
    services.session_refund(reference=session.reference, amount=1000, key="r1")
    session.refresh_from_db()
    assert session.refunded == 1000
    with pytest.raises(ValueError):
        services.session_refund(reference=session.reference, amount=21000, key="r2")


def test_the_gateway_is_not_served_in_production(client, session, settings):
    settings.PRODUCTION = True
    assert client.get(f"/demo/gateway/pay/{session.reference}/").status_code == 404


def test_callbacks_are_refused_in_production_with_the_public_development_secret(settings):
    from sanad.payments.gateway import signature_valid

    body = b"{}"
    good = sign(body)
    assert signature_valid(body, good)
    settings.PRODUCTION = True
    assert not signature_valid(body, good)
