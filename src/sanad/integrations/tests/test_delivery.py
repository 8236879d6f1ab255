"""Submissions leave through the outbox: signed, idempotent, retried only when it can help, and
never lost when the institution is down."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from sanad.cases.constants import CaseState
from sanad.cases.models import Case
from sanad.notifications.models import Notification
from sanad.outbox.models import OutboxMessage
from sanad.outbox.services import outbox_deliver

from .. import transport
from ..constants import DeliveryState, Health
from ..models import Connector, MessageLog, Submission
from ..signing import verify
from ..transport import Answer
from .factories import OLD_SECRET, SECRET, FakeInstitution, case_ready, submit, webhook_connector

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution(monkeypatch):
    fake = FakeInstitution()
    monkeypatch.setattr(transport, "send", fake)
    return fake


@pytest.fixture
def connector():
    return webhook_connector()


def _submit(case, clerk, capture):
    with capture(execute=True):
        submit(case, clerk)
    return Submission.objects.get(case=case)


def _retry(submission):
    """Run the next attempt now (what the worker does when the backoff is over)."""
    OutboxMessage.objects.filter(pk=submission.outbox_message_id).update(next_attempt_at=timezone.now())
    outbox_deliver(message_id=submission.outbox_message_id)
    submission.refresh_from_db()
    return submission


def test_submitting_sends_a_signed_submission_and_records_the_institutions_reference(
    institution, connector, django_capture_on_commit_callbacks
):
    institution.answers = [Answer(200, b'{"reference": "ROP-2026-777"}')]
    case, clerk = case_ready()
    submission = _submit(case, clerk, django_capture_on_commit_callbacks)
    assert submission.state == DeliveryState.DELIVERED
    assert submission.institution_reference == "ROP-2026-777"
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED_TO_INSTITUTION
    assert case.institution_reference == "ROP-2026-777"
    request = institution.requests[0]
    assert request["headers"]["Idempotency-Key"] == f"{case.reference}:1"
    assert (
        verify(secrets=[SECRET], headers=request["headers"], body=request["body"])
        == f"msg_{case.reference}_1"
    )
    body = institution.bodies[0]
    assert body["case_reference"] == case.reference and body["submission_number"] == 1
    assert body["service"] == {"code": "ROP-DL-RENEW", "version": case.service_version.number}
    assert body["fee"]["total"] == case.total
    assert body["documents"] and all("download_url" in d and "content" not in d for d in body["documents"])


def test_every_active_secret_signs_so_a_secret_can_be_rotated(
    institution, django_capture_on_commit_callbacks
):
    webhook_connector(secrets=[SECRET, OLD_SECRET])
    case, clerk = case_ready()
    _submit(case, clerk, django_capture_on_commit_callbacks)
    request = institution.requests[0]
    assert len(request["headers"]["webhook-signature"].split()) == 2
    verify(secrets=[OLD_SECRET], headers=request["headers"], body=request["body"])  # the old one still works


def test_a_500_is_retried_with_the_same_idempotency_key_and_delivered_once(
    institution, connector, django_capture_on_commit_callbacks, settings
):
    settings.INTEGRATIONS_BACKOFF_BASE_SECONDS = 3600  # far beyond any test's run time
    settings.INTEGRATIONS_BACKOFF_CAP_SECONDS = 7200
    institution.answers = [Answer(500, b"oops"), Answer(202, b'{"reference": "ROP-9"}')]
    case, clerk = case_ready()
    submission = _submit(case, clerk, django_capture_on_commit_callbacks)
    assert submission.state == DeliveryState.QUEUED
    assert submission.last_error.startswith("500")
    message = OutboxMessage.objects.get(pk=submission.outbox_message_id)
    assert message.status == "pending" and message.next_attempt_at > timezone.now()
    submission = _retry(submission)
    assert submission.state == DeliveryState.DELIVERED
    keys = {r["headers"]["Idempotency-Key"] for r in institution.requests}
    ids = {r["headers"]["webhook-id"] for r in institution.requests}
    assert keys == {f"{case.reference}:1"} and len(ids) == 1
    _retry(submission)  # a late duplicate task sends nothing
    assert len(institution.requests) == 2
    assert MessageLog.objects.filter(submission=submission).count() == 2


def test_a_429_waits_at_least_what_retry_after_says(
    institution, connector, django_capture_on_commit_callbacks
):
    institution.answers = [Answer(429, b"", {"retry-after": "600"})]
    case, clerk = case_ready()
    submission = _submit(case, clerk, django_capture_on_commit_callbacks)
    message = OutboxMessage.objects.get(pk=submission.outbox_message_id)
    assert submission.state == DeliveryState.QUEUED
    assert message.next_attempt_at >= timezone.now() + timedelta(seconds=590)


@pytest.mark.parametrize(
    ("answer", "retried"),
    [
        (Answer(0, error="no answer within 10 s"), True),
        (Answer(200, b"<html>not json</html>"), True),
        (Answer(503, b""), True),
        (Answer(302, b"", {"location": "https://elsewhere.example/"}), False),
        (Answer(400, b'{"error": "bad"}'), False),
        (Answer(401, b""), False),
    ],
)
def test_what_is_retried_and_what_needs_attention(
    institution, connector, django_capture_on_commit_callbacks, answer, retried
):
    institution.answers = [answer]
    case, clerk = case_ready()
    submission = _submit(case, clerk, django_capture_on_commit_callbacks)
    message = OutboxMessage.objects.get(pk=submission.outbox_message_id)
    if retried:
        assert submission.state == DeliveryState.QUEUED and message.status == "pending"
    else:
        assert submission.state == DeliveryState.NEEDS_ATTENTION and message.status == "dead"
    # Either way the centre's work stands: the case is with the institution, nothing was lost.
    assert Case.objects.get(pk=case.pk).state == CaseState.SUBMITTED_TO_INSTITUTION
    assert submission.last_error


def test_after_the_cutoff_a_submission_needs_attention_and_one_click_sends_it_again(
    institution, connector, django_capture_on_commit_callbacks
):
    institution.answers = [Answer(503, b"")]
    case, clerk = case_ready()
    submission = _submit(case, clerk, django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + timedelta(hours=49), tick=False):
        submission = _retry(submission)
    assert submission.state == DeliveryState.NEEDS_ATTENTION
    assert OutboxMessage.objects.get(pk=submission.outbox_message_id).status == "dead"
    institution.answers = [Answer(202, b'{"reference": "ROP-5"}')]
    from ..services import submission_resend

    with django_capture_on_commit_callbacks(execute=True):
        submission_resend(submission_id=submission.pk, actor=clerk)
    submission.refresh_from_db()
    assert submission.state == DeliveryState.DELIVERED
    assert submission.institution_reference == "ROP-5"


def test_another_centre_cannot_resend(institution, connector, django_capture_on_commit_callbacks):
    from sanad.cases.tests.factories import licensed_centre, staff
    from sanad.core.errors import NotFound

    from ..services import submission_resend

    institution.answers = [Answer(400, b"")]
    case, clerk = case_ready()
    submission = _submit(case, clerk, django_capture_on_commit_callbacks)
    stranger = staff(licensed_centre(name="مركز آخر"))
    with pytest.raises(NotFound):
        submission_resend(submission_id=submission.pk, actor=stranger)
    submission.refresh_from_db()
    assert submission.state == DeliveryState.NEEDS_ATTENTION


def test_the_citizen_is_told_once_by_sms_that_the_submission_is_queued(
    institution, connector, django_capture_on_commit_callbacks
):
    institution.answers = [Answer(503, b"")]
    case, clerk = case_ready()
    submission = _submit(case, clerk, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        _retry(submission)
    sms = Notification.objects.filter(recipient=case.citizen, channel="sms", topic="case_queued")
    assert sms.count() == 1


def test_after_repeated_failures_the_institution_is_down_and_is_not_called_until_the_probe(
    institution, connector, django_capture_on_commit_callbacks, settings
):
    settings.INTEGRATIONS_CIRCUIT_FAILURES = 2
    institution.answers = [Answer(503, b"")]
    submissions = []
    for _ in range(4):
        case, clerk = case_ready()
        submissions.append(_submit(case, clerk, django_capture_on_commit_callbacks))
    assert len(institution.requests) == 1  # the others wait behind the first (in order)
    _retry(submissions[0])
    connector.refresh_from_db()
    assert connector.health == Health.DOWN
    calls = len(institution.requests)
    assert calls == 2
    for s in submissions[1:]:
        _retry(s)  # the later ones wait without calling
    assert len(institution.requests) == calls
    for s in submissions:
        s.refresh_from_db()
    assert all(s.state == DeliveryState.QUEUED for s in submissions)

    # The institution comes back: the probe succeeds, and the queue drains oldest first.
    institution.answers = [Answer(202, b'{"reference": "OK"}')]
    from ..services import institution_probe

    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            institution_probe()
    connector.refresh_from_db()
    assert connector.health == Health.UP
    for s in submissions:
        s.refresh_from_db()
        assert s.state == DeliveryState.DELIVERED
    order = [b["case_reference"] for b in institution.bodies[calls:]]
    assert order == [s.case.reference for s in submissions]
    per_key = {}
    for r in institution.requests:
        if r["headers"]["Idempotency-Key"]:
            per_key.setdefault(r["headers"]["Idempotency-Key"], 0)
            per_key[r["headers"]["Idempotency-Key"]] += 1
    assert len(per_key) == 4


def test_a_case_without_a_connector_goes_to_the_portal_inbox(django_capture_on_commit_callbacks):
    case, clerk = case_ready()
    submission = _submit(case, clerk, django_capture_on_commit_callbacks)
    assert submission.kind == "portal" and submission.state == DeliveryState.DELIVERED
    assert submission.outbox_message_id is None


def test_a_second_submission_after_a_correction_has_the_next_number(
    institution, connector, django_capture_on_commit_callbacks
):
    from sanad.cases.services import case_transition

    case, clerk = case_ready()
    _submit(case, clerk, django_capture_on_commit_callbacks)
    case_transition(case_id=case.pk, action="reject", actor=clerk, note="ناقص")
    case_transition(case_id=case.pk, action="correct", actor=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    assert list(Submission.objects.filter(case=case).values_list("number", flat=True)) == [1, 2]
    assert institution.requests[-1]["headers"]["Idempotency-Key"] == f"{case.reference}:2"


def test_health_is_degraded_after_a_failure_and_up_after_a_success(
    institution, connector, django_capture_on_commit_callbacks
):
    institution.answers = [Answer(503, b""), Answer(202, b"{}")]
    case, clerk = case_ready()
    submission = _submit(case, clerk, django_capture_on_commit_callbacks)
    assert Connector.objects.get(pk=connector.pk).health == Health.DEGRADED
    _retry(submission)
    assert Connector.objects.get(pk=connector.pk).health == Health.UP


def test_submissions_reach_the_institution_in_order_even_while_it_is_up(
    institution, connector, django_capture_on_commit_callbacks
):
    """A 503 on the first submission must not let the second overtake it: the second waits, and
    goes right after the first is delivered."""
    institution.answers = [Answer(503, b""), Answer(202, b'{"reference": "A"}'), Answer(202, b"{}")]
    first_case, clerk = case_ready()
    first = _submit(first_case, clerk, django_capture_on_commit_callbacks)
    assert first.state == DeliveryState.QUEUED
    second_case, _clerk = case_ready(centre=first_case.centre, clerk=clerk)
    second = _submit(second_case, clerk, django_capture_on_commit_callbacks)
    assert Connector.objects.get(pk=connector.pk).health == Health.DEGRADED  # not down: still called
    assert second.state == DeliveryState.QUEUED and second.attempts == 0
    assert len(institution.requests) == 1  # the second was not sent ahead of the first

    with django_capture_on_commit_callbacks(execute=True):
        _retry(first)
    second.refresh_from_db()
    assert first.state == DeliveryState.DELIVERED and second.state == DeliveryState.DELIVERED
    assert [b["case_reference"] for b in institution.bodies] == [
        first_case.reference,
        first_case.reference,
        second_case.reference,
    ]


def test_a_submission_that_needs_attention_does_not_hold_up_the_ones_behind_it(
    institution, connector, django_capture_on_commit_callbacks
):
    institution.answers = [Answer(400, b""), Answer(202, b"{}")]
    first_case, clerk = case_ready()
    first = _submit(first_case, clerk, django_capture_on_commit_callbacks)
    assert first.state == DeliveryState.NEEDS_ATTENTION
    second_case, _clerk = case_ready(centre=first_case.centre, clerk=clerk)
    assert _submit(second_case, clerk, django_capture_on_commit_callbacks).state == DeliveryState.DELIVERED
