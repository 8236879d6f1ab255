"""Online payments through the simulated gateway, mode by mode, and every way a callback can be wrong.
The gateway's callbacks travel over (test) HTTP to the real endpoint, signed as a gateway signs them."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from sanad.cases.models import Case
from sanad.core.errors import Conflict
from sanad.demo.gateway.models import GatewaySession
from sanad.outbox.tasks import outbox_sweep
from sanad.payments.constants import CallbackOutcome, PaymentState
from sanad.payments.models import Payment, PaymentCallbackLog, Receipt, Refund
from sanad.payments.services import payment_create, payments_reconcile_pending

from .factories import callback_body, pay_cash, post_callback, start_online

pytestmark = pytest.mark.django_db


def complete(client, payment, mode="succeed", action="pay", capture=None):
    """The payer presses Pay (or Cancel) on the gateway's page in the given mode."""
    with capture(execute=True):
        response = client.post(
            f"/demo/gateway/pay/{payment.gateway_reference}/", {"action": action, "mode": mode}
        )
    payment.refresh_from_db()
    return response


@pytest.fixture
def online(case, person):
    return start_online(case, person)


def accepted_callbacks():
    return PaymentCallbackLog.objects.filter(outcome=CallbackOutcome.ACCEPTED).count()


def test_starting_an_online_payment_opens_a_gateway_session_and_stays_pending(online, case):
    assert online.state == PaymentState.PENDING
    assert online.gateway_url == f"/demo/gateway/pay/{online.gateway_reference}/"
    session = GatewaySession.objects.get(reference=online.gateway_reference)
    assert (session.amount, session.currency, session.case_reference) == (21575, "OMR", case.reference)
    assert not Receipt.objects.exists()


def test_the_gateway_page_shows_the_amount_and_the_case(client, online, case):
    page = client.get(online.gateway_url).content.decode()
    assert case.reference in page and "21.575" in page


def test_succeed_mode_the_signed_callback_records_the_payment_and_its_receipt(
    client, online, gateway_http, django_capture_on_commit_callbacks
):
    response = complete(client, online, "succeed", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"].endswith("/online/return/")
    assert online.state == PaymentState.SUCCEEDED
    assert online.confirmed_by == "callback"
    assert online.receipt.number.endswith("-000001")
    assert [status for _path, _body, status in gateway_http] == [200]
    assert accepted_callbacks() == 1


def test_decline_mode_records_a_failure_and_the_citizen_can_try_again(
    client, online, case, person, gateway_http, django_capture_on_commit_callbacks
):
    complete(client, online, "decline", capture=django_capture_on_commit_callbacks)
    assert online.state == PaymentState.FAILED
    assert not Receipt.objects.exists()
    again = start_online(case, person)
    assert again.pk != online.pk and again.state == PaymentState.PENDING


def test_cancelling_on_the_gateway_page_fails_the_payment(
    client, online, gateway_http, django_capture_on_commit_callbacks
):
    complete(client, online, "succeed", action="cancel", capture=django_capture_on_commit_callbacks)
    assert online.state == PaymentState.FAILED
    assert "cancelled" in online.failure_reason


def test_callback_twice_mode_records_the_payment_once(
    client, online, gateway_http, django_capture_on_commit_callbacks
):
    complete(client, online, "twice", capture=django_capture_on_commit_callbacks)
    assert [status for _path, _body, status in gateway_http] == [200, 409]
    assert online.state == PaymentState.SUCCEEDED
    assert Receipt.objects.count() == 1
    assert accepted_callbacks() == 1
    assert PaymentCallbackLog.objects.filter(outcome=CallbackOutcome.DUPLICATE).count() == 1


def test_callback_late_mode_waits_then_the_delayed_callback_records_it(
    client, online, gateway_http, django_capture_on_commit_callbacks, settings
):
    complete(client, online, "late", capture=django_capture_on_commit_callbacks)
    assert online.state == PaymentState.PENDING  # the browser is back, the money's word is not
    assert gateway_http == []
    with time_machine.travel(
        timezone.now() + timedelta(seconds=settings.SANAD_GATEWAY_LATE_SECONDS + 5), tick=False
    ):
        with django_capture_on_commit_callbacks(execute=True):
            outbox_sweep()
    online.refresh_from_db()
    assert online.state == PaymentState.SUCCEEDED
    assert online.confirmed_by == "callback"


def test_time_out_mode_the_lost_callback_is_found_by_the_scheduled_status_query(
    client, online, gateway_http, django_capture_on_commit_callbacks, settings
):
    response = complete(client, online, "timeout", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200 and gateway_http == []
    assert online.state == PaymentState.PENDING
    assert payments_reconcile_pending() == {"succeeded": 0, "failed": 0, "pending": 0}  # not old enough yet
    later = timezone.now() + timedelta(minutes=settings.SANAD_ONLINE_PAYMENT_TIMEOUT_MINUTES + 1)
    assert payments_reconcile_pending(now=later) == {"succeeded": 1, "failed": 0, "pending": 0}
    online.refresh_from_db()
    assert online.state == PaymentState.SUCCEEDED
    assert online.confirmed_by == "status_query"
    assert online.receipt is not None


def test_an_abandoned_session_is_failed_by_the_status_query_once_the_gateway_expires_it(online, settings):
    later = timezone.now() + timedelta(minutes=settings.SANAD_ONLINE_PAYMENT_TIMEOUT_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        assert payments_reconcile_pending() == {"succeeded": 0, "failed": 1, "pending": 0}
    online.refresh_from_db()
    assert online.state == PaymentState.FAILED and "expired" in online.failure_reason


def test_the_return_url_never_marks_success_whatever_it_says(client, online, person, case):
    client.force_login(person)
    page = client.get(f"/payments/cases/{case.reference}/online/return/?status=succeeded&paid=1")
    assert page.status_code == 200
    assert "بانتظار تأكيد بوابة الدفع" in page.content.decode()
    online.refresh_from_db()
    assert online.state == PaymentState.PENDING
    assert not Receipt.objects.exists()


def test_while_an_online_payment_is_pending_the_counter_cannot_take_cash(online, case, clerk):
    with pytest.raises(Conflict):
        pay_cash(case, clerk)
    assert Payment.objects.count() == 1


# --- bad callbacks: refused (4xx), logged, nothing changed ---------------------------------------
def test_a_callback_with_a_bad_signature_is_refused_and_logged(client, online):
    body = callback_body(online)
    response = post_callback(client, body, signature="sha256=" + "0" * 64, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "The callback's signature is not valid."
    online.refresh_from_db()
    assert online.state == PaymentState.PENDING
    log = PaymentCallbackLog.objects.get()
    assert (log.outcome, log.signature_valid, log.http_status) == (CallbackOutcome.BAD_SIGNATURE, False, 403)


def test_a_callback_without_a_signature_is_refused(client, online):
    response = client.post(
        "/api/v1/payments/gateway/callback/", data=callback_body(online), content_type="application/json"
    )
    assert response.status_code == 403
    assert Payment.objects.get().state == PaymentState.PENDING


@pytest.mark.parametrize(
    "field, value",
    [("amount", 1), ("amount", 21575000), ("currency", "USD"), ("case_reference", "SND-2026-0000009-9")],
)
def test_a_callback_that_does_not_match_the_payment_is_refused_and_logged(client, online, field, value):
    response = post_callback(client, callback_body(online, **{field: value}))
    assert response.status_code == 422
    online.refresh_from_db()
    assert online.state == PaymentState.PENDING
    assert not Receipt.objects.exists()
    log = PaymentCallbackLog.objects.get()
    assert (log.outcome, log.payment_id) == (CallbackOutcome.MISMATCH, online.pk)


def test_a_callback_for_an_unknown_payment_is_a_404_and_logged(client, online):
    response = post_callback(client, callback_body(online, session="GW-NOPE"))
    assert response.status_code == 404
    assert PaymentCallbackLog.objects.get().outcome == CallbackOutcome.UNKNOWN_PAYMENT
    assert Payment.objects.get().state == PaymentState.PENDING


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"status": "succeeded"}', b'{"event_id": 1}'])
def test_a_malformed_callback_is_a_400(client, online, body):
    response = post_callback(client, body)
    assert response.status_code == 400
    assert PaymentCallbackLog.objects.get().outcome == CallbackOutcome.MALFORMED


def test_a_replayed_callback_records_nothing_new(client, online):
    body = callback_body(online)
    assert post_callback(client, body).status_code == 200
    online.refresh_from_db()
    paid_at = online.paid_at
    replay = post_callback(client, body, HTTP_ACCEPT_LANGUAGE="en")
    assert replay.status_code == 409
    assert "already processed" in replay.json()["detail"]
    online.refresh_from_db()
    assert online.paid_at == paid_at
    assert Receipt.objects.count() == 1
    assert [log.outcome for log in PaymentCallbackLog.objects.order_by("pk")] == [
        CallbackOutcome.ACCEPTED,
        CallbackOutcome.DUPLICATE,
    ]


def test_a_late_failure_after_a_success_is_not_applied(client, online):
    post_callback(client, callback_body(online))
    response = post_callback(client, callback_body(online, status="declined"))
    assert response.status_code == 409
    online.refresh_from_db()
    assert online.state == PaymentState.SUCCEEDED
    assert PaymentCallbackLog.objects.filter(outcome=CallbackOutcome.CONFLICT).count() == 1


def test_a_success_after_a_timed_out_failure_is_recorded_because_the_money_was_taken(client, online):
    post_callback(client, callback_body(online, status="expired"))
    online.refresh_from_db()
    assert online.state == PaymentState.FAILED
    assert post_callback(client, callback_body(online)).status_code == 200
    online.refresh_from_db()
    assert online.state == PaymentState.SUCCEEDED and online.receipt


def test_money_that_arrives_for_a_cancelled_case_goes_straight_back(client, online, case):
    Case.objects.filter(pk=case.pk).update(state="cancelled")
    assert post_callback(client, callback_body(online)).status_code == 200
    online.refresh_from_db()
    assert online.state == PaymentState.REFUNDED
    refund = Refund.objects.get()
    assert (refund.total, refund.reason) == (21575, "cancelled")
    assert refund.credit_note.number


def test_only_the_citizen_pays_online(case, clerk):
    from sanad.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        payment_create(case=case, actor=clerk, method="online", amount=case.total)
    assert not Payment.objects.exists()
