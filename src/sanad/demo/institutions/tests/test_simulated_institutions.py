"""The simulated ROP back-end, reached over (in-process) HTTP exactly as a real system would be:
it files each submission once, decides after the delay through Sanad's signed callback, and its
modes make the outage paths run."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.cases.constants import CaseState
from sanad.cases.models import Case
from sanad.integrations import transport
from sanad.integrations.constants import DeliveryState
from sanad.integrations.models import Submission
from sanad.integrations.tests.factories import case_ready, submit
from sanad.integrations.transport import Answer
from sanad.outbox.models import OutboxMessage
from sanad.outbox.services import outbox_deliver, outbox_due_ids

from ..models import SimulatedInstitution

pytestmark = pytest.mark.django_db


class Loopback:
    """integrations.transport.send over Django's test client: Sanad → back-end and back-end → Sanad."""

    def __init__(self):
        self.client = Client()

    def __call__(self, method, url, *, body=None, headers=None, timeout):
        extra = {
            f"HTTP_{k.upper().replace('-', '_')}": v
            for k, v in (headers or {}).items()
            if k.lower() != "content-type"
        }
        path = urlsplit(url).path
        if method == "POST":
            response = self.client.post(path, data=body, content_type="application/json", **extra)
        else:
            response = self.client.get(path, **extra)
        return Answer(response.status_code, response.content, {k.lower(): v for k, v in response.items()})


@pytest.fixture
def rop(monkeypatch, settings):
    from sanad.demo.integrations import seed_integrations

    settings.SANAD_PUBLIC_URL = "http://127.0.0.1:8000"
    monkeypatch.setattr(transport, "send", Loopback())
    seed_integrations({}, lambda n: None)
    institution = SimulatedInstitution.objects.get(code="ROP")
    institution.delay_seconds = 30
    institution.save()
    return institution


def _run_due():
    for message_id in outbox_due_ids():
        outbox_deliver(message_id=message_id)


def test_a_paid_rop_case_is_delivered_once_and_completed_with_the_issued_document_after_the_delay(
    rop, django_capture_on_commit_callbacks
):
    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    submission = Submission.objects.get(case=case)
    assert submission.state == DeliveryState.DELIVERED and submission.institution_reference.startswith("ROP-")
    assert Case.objects.get(pk=case.pk).state == CaseState.SUBMITTED_TO_INSTITUTION  # not yet: the delay
    OutboxMessage.objects.filter(kind="demo_institution.decide").update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    _run_due()
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.state == CaseState.COMPLETED
    assert fresh.documents.filter(role="outcome").count() == 1
    received = rop.received.get()
    assert received.deliveries == 1 and received.decided
    assert SimulatedInstitution.objects.get(pk=rop.pk).duplicates == 0


def test_with_rop_down_five_submissions_queue_and_are_all_delivered_once_when_it_is_back(
    rop, django_capture_on_commit_callbacks, settings
):
    from sanad.integrations.models import Connector
    from sanad.integrations.services import institution_probe

    settings.INTEGRATIONS_CIRCUIT_FAILURES = 3
    rop.mode = "down"
    rop.save()
    cases = []
    for _ in range(5):
        case, clerk = case_ready()
        with django_capture_on_commit_callbacks(execute=True):
            submit(case, clerk)
        cases.append(case)
    assert Submission.objects.filter(state=DeliveryState.QUEUED).count() == 5
    assert Connector.objects.get(institution__code="ROP").health != "up"
    rop.mode = "up"
    rop.save()
    # The first waiting submission is tried again when its backoff is over (the outbox sweep; the
    # probe too, had the circuit opened); the ones queued behind it follow it in order.
    later = timezone.now() + timedelta(minutes=10)
    import time_machine

    from sanad.outbox.tasks import outbox_sweep

    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        institution_probe()
        outbox_sweep()
    assert Submission.objects.filter(state=DeliveryState.DELIVERED).count() == 5
    assert [r.reference for r in rop.received.all()] == [c.reference for c in cases]  # in order
    assert all(r.deliveries == 1 for r in rop.received.all())
    assert SimulatedInstitution.objects.get(pk=rop.pk).duplicates == 0


def test_a_retry_after_a_lost_answer_files_nothing_twice(rop, django_capture_on_commit_callbacks):
    """The back-end filed it but Sanad never heard (a worker killed mid-request): the retry carries
    the same key, gets the same reference, and opens no second file."""
    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    submission = Submission.objects.get(case=case)
    first_reference = submission.institution_reference
    Submission.objects.filter(pk=submission.pk).update(state=DeliveryState.DELIVERING)
    from sanad.integrations.services import submission_deliver

    submission_deliver(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.institution_reference == first_reference
    received = rop.received.get()
    assert received.deliveries == 2
    assert SimulatedInstitution.objects.get(pk=rop.pk).duplicates == 0


def _token(role):
    return AuthToken.objects.create(user=UserFactory(role=role))[1]


def test_control_and_received_are_for_the_demo_admin_or_the_regulator(rop, client):
    url = "/demo/institutions/ROP/control/"
    body = {"mode": "down", "decision": "reject", "delay_seconds": 5}
    refused = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {_token(Role.CENTRE_STAFF)}"
    )
    assert refused.status_code == 403
    assert SimulatedInstitution.objects.get(pk=rop.pk).mode == "up"
    ok = client.post(
        url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {_token(Role.REGULATOR)}"
    )
    assert ok.status_code == 200 and ok.json()["mode"] == "down"
    listing = client.get("/demo/institutions/ROP/received/", HTTP_AUTHORIZATION=f"Token {_token(Role.ADMIN)}")
    assert listing.status_code == 200 and listing.json() == []


@pytest.mark.parametrize(
    "body", [{"mode": "sideways"}, {"decision": "maybe"}, {"delay_seconds": -1}, {"delay_seconds": "5"}]
)
def test_a_bad_control_is_a_422_and_changes_nothing(rop, client, body):
    response = client.post(
        "/demo/institutions/ROP/control/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {_token(Role.ADMIN)}",
    )
    assert response.status_code == 422
    fresh = SimulatedInstitution.objects.get(pk=rop.pk)
    assert (fresh.mode, fresh.decision, fresh.delay_seconds) == ("up", "approve", 30)


def test_the_simulated_institutions_are_not_served_in_production(rop, client, settings):
    settings.PRODUCTION = True
    assert client.post("/demo/institutions/ROP/", b"{}", content_type="application/json").status_code == 404
    assert (
        client.get(
            "/demo/institutions/ROP/received/", HTTP_AUTHORIZATION=f"Token {_token(Role.ADMIN)}"
        ).status_code
        == 404
    )


def test_an_unsigned_submission_is_refused_by_the_back_end(rop, client):
    assert (
        client.post(
            "/demo/institutions/ROP/", b'{"case_reference": "x"}', content_type="application/json"
        ).status_code
        == 401
    )
    assert not rop.received.exists()


def test_an_overdue_submission_is_asked_about_and_escalated_when_the_institution_has_no_decision(
    rop, django_capture_on_commit_callbacks
):
    from sanad.integrations.services import submissions_pull_overdue

    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    Case.objects.filter(pk=case.pk).update(sla_due_at=timezone.now() - timedelta(hours=1))
    assert submissions_pull_overdue() == 1  # asked ROP over its status URL: no decision yet
    submission = Submission.objects.get(case=case)
    assert submission.escalated_at is not None
    assert submissions_pull_overdue() == 0  # escalated once


def test_a_decision_whose_callback_was_lost_is_found_by_the_status_pull(
    rop, django_capture_on_commit_callbacks
):
    from sanad.integrations.services import submissions_pull_overdue

    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    rop.received.update(decision="more_info", decided=True)  # decided there; the callback never arrived
    Case.objects.filter(pk=case.pk).update(sla_due_at=timezone.now() - timedelta(hours=1))
    submissions_pull_overdue()
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.state == CaseState.AWAITING_CITIZEN
    assert fresh.events.last().data == {"institution": "ROP"}
