"""The transactional outbox: enqueue inside the caller's transaction, deliver after commit,
retry with capped exponential backoff, sweep what a crashed worker left behind."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .constants import MessageStatus
from .models import OutboxMessage
from .registry import handler_for

log = logging.getLogger(__name__)


class RetryLater(Exception):
    """Raised by a handler that keeps its own retry policy: try again in `delay_seconds`, however
    many attempts there were (the handler decides when to give up)."""

    def __init__(self, reason: str, *, delay_seconds: float):
        super().__init__(reason)
        self.delay_seconds = max(float(delay_seconds), 0.0)


class GiveUp(Exception):
    """Raised by a handler when trying again cannot help: the message fails permanently now."""


def backoff_seconds(attempts: int) -> int:
    """Delay before the next try after `attempts` failures: 30 s, 60 s, 120 s, … capped at 1 h."""
    base = settings.OUTBOX_BACKOFF_BASE_SECONDS
    return min(base * (2 ** max(attempts - 1, 0)), settings.OUTBOX_BACKOFF_CAP_SECONDS)


def outbox_enqueue(*, kind: str, payload: dict, idempotency_key: str) -> OutboxMessage:
    """Write a message in the current transaction; it is handed to a worker only after commit.
    Enqueuing the same key twice returns the first message (nothing is sent twice)."""
    handler_for(kind)  # fail fast on a kind nobody can deliver
    message, created = OutboxMessage.objects.get_or_create(
        idempotency_key=idempotency_key, defaults={"kind": kind, "payload": payload}
    )
    if created:
        transaction.on_commit(lambda: _hand_to_worker(message.pk))
    return message


def outbox_enqueue_many(messages: list[tuple[str, dict, str]]) -> list[int]:
    """Write several messages ((kind, payload, idempotency_key), …) in one INSERT in the current
    transaction; a key already queued is left as it is (nothing is sent twice), with no read first
    and no savepoint. Returns the ids of the messages written now; each goes to a worker after commit."""
    from django.db import connection

    if not messages:
        return []
    for kind, _payload, _key in messages:
        handler_for(kind)  # fail fast on a kind nobody can deliver
    meta = OutboxMessage._meta
    quote = connection.ops.quote_name
    payload_field = meta.get_field("payload")
    # Through the field, as the ORM writes it (SQLite compares stored times as text: a raw aware
    # datetime would be written with an offset the ORM's own values do not have).
    now = meta.get_field("next_attempt_at").get_db_prep_value(timezone.now(), connection)
    columns = (
        "kind",
        "payload",
        "idempotency_key",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
    )
    rows, params = [], []
    for kind, payload, key in messages:
        rows.append("(" + ", ".join(["%s"] * len(columns)) + ")")
        params += [
            kind,
            payload_field.get_db_prep_value(payload, connection),
            key,
            MessageStatus.PENDING,
            0,
            now,
            "",
            now,
        ]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 (names from the model)
        f"VALUES {', '.join(rows)} ON CONFLICT ({quote('idempotency_key')}) DO NOTHING RETURNING {quote('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    for message_id in ids:
        transaction.on_commit(lambda message_id=message_id: _hand_to_worker(message_id))
    return ids


def _hand_to_worker(message_id: int) -> None:
    """After commit, ask a worker to deliver now. The row is already safe in the database: if the
    broker cannot be reached, the write that queued it still succeeds and `outbox_sweep` delivers
    the message once the broker is back."""
    from .tasks import outbox_deliver

    try:
        outbox_deliver.delay(message_id)
    except Exception:
        log.warning("broker unreachable; outbox message %s waits for the sweep", message_id, exc_info=True)


def _claim(message_id: int, now) -> bool:
    """Atomically take the message for delivery (compare-and-swap), so two workers never both do."""
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, status=MessageStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + timedelta(seconds=settings.OUTBOX_CLAIM_SECONDS))
    )
    return claimed == 1


def outbox_deliver(*, message_id: int) -> OutboxMessage | None:
    """Deliver one message if it is due and not taken. Returns the message, or None if it was not
    ours to deliver. On failure, schedules the next attempt (or gives up after the cap)."""
    now = timezone.now()
    if not _claim(message_id, now):
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    message.attempts += 1
    try:
        handler_for(message.kind)(message)
    except RetryLater as exc:
        message.last_error = str(exc)[:2000]
        message.claimed_until = None
        message.next_attempt_at = now + timedelta(seconds=exc.delay_seconds)
        message.save(update_fields=["attempts", "last_error", "claimed_until", "next_attempt_at"])
        return message
    except GiveUp as exc:
        message.last_error = str(exc)[:2000]
        message.claimed_until = None
        message.status = MessageStatus.DEAD
        message.save(update_fields=["attempts", "last_error", "claimed_until", "status"])
        return message
    except Exception as exc:
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        message.claimed_until = None
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = MessageStatus.DEAD
            log.error("outbox message %s gave up after %s attempts", message.pk, message.attempts)
        else:
            message.next_attempt_at = now + timedelta(seconds=backoff_seconds(message.attempts))
            log.warning("outbox message %s failed (attempt %s): %s", message.pk, message.attempts, exc)
        message.save(update_fields=["attempts", "last_error", "claimed_until", "status", "next_attempt_at"])
        return message
    message.status = MessageStatus.DELIVERED
    message.delivered_at = timezone.now()
    message.claimed_until = None
    message.last_error = ""
    message.save(update_fields=["attempts", "status", "delivered_at", "claimed_until", "last_error"])
    return message


def outbox_retry(*, message_id: int, delay_seconds: float = 0) -> OutboxMessage:
    """Put a message (a dead one too) back in the queue, due after `delay_seconds`; it is handed to a
    worker after commit. Used for a person's "send again" and to resume a paused queue."""
    message = OutboxMessage.objects.select_for_update().get(pk=message_id)
    if message.status == MessageStatus.DELIVERED:
        return message
    message.status = MessageStatus.PENDING
    message.next_attempt_at = timezone.now() + timedelta(seconds=delay_seconds)
    message.claimed_until = None
    message.save(update_fields=["status", "next_attempt_at", "claimed_until"])
    if not delay_seconds:
        from .tasks import outbox_deliver

        transaction.on_commit(lambda: outbox_deliver.delay(message.pk))
    return message


def outbox_due_ids(*, limit: int = 500) -> list[int]:
    """Pending messages whose time has come and that nobody holds (including claims left behind by
    a worker that died mid-delivery: their claim has expired)."""
    now = timezone.now()
    return list(
        OutboxMessage.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
