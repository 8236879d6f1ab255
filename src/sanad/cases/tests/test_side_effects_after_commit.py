"""Side effects leave strictly after commit: a broker that is down never turns a committed write into
a 500 (the sweep delivers later), the payment gateway is called with the payment row committed and
the case unlocked, and a guard the workflow names but nobody registered stops the app."""

import pytest
from conftest import authed
from django.db import connection
from kombu.exceptions import OperationalError
from rest_framework.test import APIClient

from sanad.cases import workflow
from sanad.cases.models import Case
from sanad.outbox.constants import MessageStatus
from sanad.outbox.models import OutboxMessage

from .factories import DL_FORM, citizen, licensed_centre, open_walk_in, staff

pytestmark = pytest.mark.django_db


def test_a_broker_outage_does_not_turn_an_opened_case_into_a_500(
    monkeypatch, django_capture_on_commit_callbacks
):
    from sanad.outbox import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.outbox_deliver, "delay", broker_down)
    centre = licensed_centre()
    clerk = staff(centre)
    body = {
        "centre": centre.pk,
        "service": "ROP-DL-RENEW",
        "channel": "walk_in",
        "form_data": DL_FORM,
        "government_fee": 10000,
        "citizen": {"id_number": "87654321", "mobile": "99887766", "full_name_ar": "خالد"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = authed(APIClient(), clerk).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201, response.content
    assert Case.objects.filter(reference=response.json()["reference"]).exists()
    waiting = OutboxMessage.objects.filter(kind="notification.sms", status=MessageStatus.PENDING)
    assert waiting.exists()
    # Once the broker is back, the sweep hands the message over.
    monkeypatch.undo()
    from sanad.outbox.services import outbox_deliver, outbox_due_ids

    for message_id in outbox_due_ids():
        outbox_deliver(message_id=message_id)
    assert not OutboxMessage.objects.filter(kind="notification.sms", status=MessageStatus.PENDING).exists()


def test_the_gateway_session_opens_after_the_payment_row_commits(monkeypatch):
    from sanad.demo.gateway.client import DemoGatewayClient
    from sanad.payments.tests.factories import start_online

    centre = licensed_centre()
    person = citizen()
    case = open_walk_in(centre, staff(centre), person)
    test_depth = len(connection.atomic_blocks)
    seen = {}
    real = DemoGatewayClient.create_session

    def spy(self, *, payment, return_url, callback_url):
        seen["depth"] = len(connection.atomic_blocks)
        seen["committed"] = type(payment).objects.filter(pk=payment.pk).exists()
        return real(self, payment=payment, return_url=return_url, callback_url=callback_url)

    monkeypatch.setattr(DemoGatewayClient, "create_session", spy)
    payment = start_online(case, person)
    assert seen == {"depth": test_depth, "committed": True}  # no transaction (and no lock) held
    assert payment.gateway_url


def test_an_unreachable_gateway_is_a_503_and_leaves_nothing_pending(monkeypatch):
    from sanad.core.errors import DomainError
    from sanad.demo.gateway.client import DemoGatewayClient
    from sanad.payments.constants import PaymentState
    from sanad.payments.models import Payment
    from sanad.payments.tests.factories import start_online

    centre = licensed_centre()
    person = citizen()
    case = open_walk_in(centre, staff(centre), person)

    def down(self, **kwargs):
        raise ConnectionError("gateway down")

    monkeypatch.setattr(DemoGatewayClient, "create_session", down)
    with pytest.raises(DomainError) as caught:
        start_online(case, person)
    assert caught.value.status == 503
    assert not Payment.objects.filter(case=case, state=PaymentState.PENDING).exists()


def test_a_guard_named_in_the_table_but_not_registered_is_a_system_check_error(monkeypatch):
    from sanad.cases.checks import workflow_guards_registered

    assert workflow_guards_registered() == []
    monkeypatch.delitem(workflow.GUARDS, "paid")
    errors = workflow_guards_registered()
    assert [e.id for e in errors] == ["cases.E001"]
    assert "paid" in errors[0].msg


def test_an_unregistered_guard_never_silently_passes(monkeypatch):
    monkeypatch.delitem(workflow.GUARDS, "outcome_document")
    step = next(s for s in workflow.TABLE if "outcome_document" in s.guards)
    with pytest.raises(RuntimeError):
        workflow.check_guards(step, case=None)
