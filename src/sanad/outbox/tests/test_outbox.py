from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from sanad.outbox.constants import MessageStatus
from sanad.outbox.models import OutboxMessage
from sanad.outbox.registry import UnknownKind, handler
from sanad.outbox.services import backoff_seconds, outbox_deliver, outbox_enqueue
from sanad.outbox.tasks import outbox_sweep

pytestmark = pytest.mark.django_db(transaction=False)

delivered: list[str] = []
failures_left = {"count": 0}


@handler("test.record")
def _record(message):
    delivered.append(message.idempotency_key)


@handler("test.flaky")
def _flaky(message):
    if failures_left["count"] > 0:
        failures_left["count"] -= 1
        raise ConnectionError("gateway down")
    delivered.append(message.idempotency_key)


@pytest.fixture(autouse=True)
def _reset():
    delivered.clear()
    failures_left["count"] = 0


def test_a_message_is_delivered_once_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        outbox_enqueue(kind="test.record", payload={"to": "+96891234567"}, idempotency_key="k1")
        assert delivered == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert delivered == ["k1"]
    message = OutboxMessage.objects.get(idempotency_key="k1")
    assert message.status == MessageStatus.DELIVERED
    assert message.attempts == 1
    # Delivering again (a duplicate task) does nothing.
    assert outbox_deliver(message_id=message.pk) is None
    assert delivered == ["k1"]


def test_nothing_is_written_or_delivered_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox_enqueue(kind="test.record", payload={}, idempotency_key="k2")
            raise RuntimeError("the state change failed")
    assert callbacks == []
    assert delivered == []
    assert not OutboxMessage.objects.filter(idempotency_key="k2").exists()


def test_the_same_idempotency_key_is_enqueued_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = outbox_enqueue(kind="test.record", payload={}, idempotency_key="same")
        second = outbox_enqueue(kind="test.record", payload={}, idempotency_key="same")
    assert first.pk == second.pk
    assert delivered == ["same"]


def test_an_unknown_kind_is_refused_at_enqueue():
    with pytest.raises(UnknownKind):
        outbox_enqueue(kind="test.nobody", payload={}, idempotency_key="k3")
    assert OutboxMessage.objects.count() == 0


def test_a_failed_delivery_is_retried_with_exponential_backoff(django_capture_on_commit_callbacks):
    failures_left["count"] = 2
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            message = outbox_enqueue(kind="test.flaky", payload={}, idempotency_key="k4")
        message.refresh_from_db()
        assert message.status == MessageStatus.PENDING
        assert message.attempts == 1
        assert "gateway down" in message.last_error
        assert message.next_attempt_at == start + timedelta(seconds=backoff_seconds(1))
        assert outbox_sweep() == 0  # not due yet
    with time_machine.travel(start + timedelta(seconds=backoff_seconds(1) + 1), tick=False):
        assert outbox_sweep() == 1
        message.refresh_from_db()
        assert message.attempts == 2
        assert message.next_attempt_at > timezone.now()
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        outbox_sweep()
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.attempts == 3
    assert delivered == ["k4"]


def test_backoff_doubles_and_is_capped(settings):
    delays = [backoff_seconds(n) for n in range(1, 12)]
    assert delays[:4] == [30, 60, 120, 240]
    assert max(delays) == settings.OUTBOX_BACKOFF_CAP_SECONDS
    assert delays == sorted(delays)


def test_a_message_gives_up_after_the_maximum_attempts(settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    failures_left["count"] = 10
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(kind="test.flaky", payload={}, idempotency_key="k5")
    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        outbox_sweep()
    message.refresh_from_db()
    assert message.status == MessageStatus.DEAD
    assert message.attempts == 2


def test_the_sweep_delivers_a_message_left_claimed_by_a_crashed_worker():
    # A worker claimed the message and died before finishing: the claim is there, nothing sent.
    now = timezone.now()
    message = OutboxMessage.objects.create(
        kind="test.record", payload={}, idempotency_key="k6", claimed_until=now + timedelta(minutes=5)
    )
    assert outbox_sweep() == 0  # still claimed: the worker may be alive and delivering
    assert delivered == []
    with time_machine.travel(now + timedelta(minutes=6), tick=False):
        assert outbox_sweep() == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert delivered == ["k6"]


def test_a_message_whose_task_was_lost_is_swept():
    # Committed, but the delivery task never reached the broker (process died after commit).
    OutboxMessage.objects.create(kind="test.record", payload={}, idempotency_key="k7")
    assert outbox_sweep() == 1
    assert delivered == ["k7"]
