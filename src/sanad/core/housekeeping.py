"""Pruning what a national year would otherwise pile up without bound: delivered outbox messages,
consumed messages of the embedded broker (kombu's SQLAlchemy transport keeps them, only hidden),
case idempotency keys, payment idempotency keys and the gateway's callback log. Each has a
retention setting (days); a Celery beat entry runs `housekeeping_prune` daily. Deletes go in
batches, so no statement holds its locks for long."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

BATCH = 5000


def _delete_in_batches(queryset) -> int:
    model = queryset.model
    removed = 0
    while True:
        ids = list(queryset.values_list("pk", flat=True)[:BATCH])
        if not ids:
            return removed
        model.objects.filter(pk__in=ids).delete()
        removed += len(ids)


def prune_outbox(now) -> int:
    """Delivered messages after OUTBOX_RETENTION_DAYS; dead ones (kept to be looked into) after
    OUTBOX_DEAD_RETENTION_DAYS. Pending messages are never pruned."""
    from sanad.outbox.constants import MessageStatus
    from sanad.outbox.models import OutboxMessage

    delivered = OutboxMessage.objects.filter(
        status=MessageStatus.DELIVERED,
        delivered_at__lt=now - timedelta(days=settings.OUTBOX_RETENTION_DAYS),
    )
    dead = OutboxMessage.objects.filter(
        status=MessageStatus.DEAD,
        created_at__lt=now - timedelta(days=settings.OUTBOX_DEAD_RETENTION_DAYS),
    )
    return _delete_in_batches(delivered) + _delete_in_batches(dead)


def prune_case_idempotency_keys(now) -> int:
    from sanad.cases.models import IdempotencyKey

    cutoff = now - timedelta(days=settings.IDEMPOTENCY_RETENTION_DAYS)
    return _delete_in_batches(IdempotencyKey.objects.filter(created_at__lt=cutoff))


def prune_payment_idempotency_keys(now) -> int:
    """A payment stays forever; only the retry key it was created with is forgotten."""
    from sanad.payments.models import Payment

    cutoff = now - timedelta(days=settings.IDEMPOTENCY_RETENTION_DAYS)
    stale = Payment.objects.filter(created_at__lt=cutoff).exclude(idempotency_key="")
    cleared = 0
    while True:
        ids = list(stale.values_list("pk", flat=True)[:BATCH])
        if not ids:
            return cleared
        cleared += Payment.objects.filter(pk__in=ids).update(idempotency_key="")


def prune_payment_callbacks(now) -> int:
    """Gateway callbacks after PAYMENT_CALLBACK_RETENTION_DAYS. A replay that old is refused by its
    timestamp anyway (5-minute tolerance), so the accepted-once rule does not need the old rows."""
    from sanad.payments.models import PaymentCallbackLog

    cutoff = now - timedelta(days=settings.PAYMENT_CALLBACK_RETENTION_DAYS)
    return _delete_in_batches(PaymentCallbackLog.objects.filter(received_at__lt=cutoff))


def prune_broker(now) -> int:
    """The embedded broker (sqla+… URL) marks consumed messages invisible and never deletes them.
    Redis removes its messages itself: nothing to do there."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith("sqla+"):
        return 0
    import sqlalchemy

    # kombu stamps its rows with naive local time.
    cutoff = timezone.localtime(now - timedelta(days=settings.BROKER_RETENTION_DAYS)).replace(tzinfo=None)
    engine = sqlalchemy.create_engine(url.removeprefix("sqla+"))
    try:
        with engine.begin() as connection:
            if not sqlalchemy.inspect(connection).has_table("kombu_message"):
                return 0
            result = connection.execute(
                sqlalchemy.text(
                    "DELETE FROM kombu_message WHERE visible = :hidden "
                    "AND (timestamp IS NULL OR timestamp < :cutoff)"
                ),
                {"hidden": False, "cutoff": cutoff},
            )
            return result.rowcount or 0
    finally:
        engine.dispose()


def prune_expired_tokens(now) -> int:
    """API tokens past their expiry (sanad.api.auth refuses them; this removes them)."""
    from knox.models import AuthToken

    return _delete_in_batches(AuthToken.objects.filter(expiry__lt=now))


PRUNERS = {
    "outbox": prune_outbox,
    "broker": prune_broker,
    "case_idempotency_keys": prune_case_idempotency_keys,
    "payment_idempotency_keys": prune_payment_idempotency_keys,
    "payment_callbacks": prune_payment_callbacks,
    "expired_tokens": prune_expired_tokens,
}


def prune_all(now=None) -> dict[str, int]:
    now = now or timezone.now()
    return {name: prune(now) for name, prune in PRUNERS.items()}
