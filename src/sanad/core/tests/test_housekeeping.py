"""Housekeeping prunes what would grow without bound, each after its retention, and nothing else."""

from datetime import timedelta

import pytest
import sqlalchemy
from django.utils import timezone

from sanad.cases.models import Case, IdempotencyKey
from sanad.cases.tests.factories import citizen, licensed_centre, open_walk_in, staff
from sanad.core import housekeeping
from sanad.core.tasks import housekeeping_prune
from sanad.outbox.constants import MessageStatus
from sanad.outbox.models import OutboxMessage
from sanad.payments.models import PaymentCallbackLog
from sanad.payments.services.payments import payment_create

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def message(key, status, *, age_days, delivered=True):
    at = timezone.now() - age_days * DAY
    return OutboxMessage.objects.create(
        kind="test",
        idempotency_key=key,
        status=status,
        created_at=at,
        delivered_at=at if delivered and status == MessageStatus.DELIVERED else None,
    )


def test_delivered_outbox_messages_go_after_their_retention_pending_ones_never(settings):
    settings.OUTBOX_RETENTION_DAYS, settings.OUTBOX_DEAD_RETENTION_DAYS = 30, 180
    message("old-delivered", MessageStatus.DELIVERED, age_days=31)
    message("recent-delivered", MessageStatus.DELIVERED, age_days=29)
    message("old-dead", MessageStatus.DEAD, age_days=181)
    message("recent-dead", MessageStatus.DEAD, age_days=100)
    message("old-pending", MessageStatus.PENDING, age_days=400)

    assert housekeeping.prune_outbox(timezone.now()) == 2
    assert set(OutboxMessage.objects.values_list("idempotency_key", flat=True)) == {
        "recent-delivered",
        "recent-dead",
        "old-pending",
    }


def test_pruning_goes_in_batches(settings, monkeypatch):
    settings.OUTBOX_RETENTION_DAYS = 1
    monkeypatch.setattr(housekeeping, "BATCH", 2)
    for n in range(5):
        message(f"m{n}", MessageStatus.DELIVERED, age_days=3)
    assert housekeeping.prune_outbox(timezone.now()) == 5
    assert not OutboxMessage.objects.exists()


@pytest.fixture
def case_and_clerk():
    centre = licensed_centre()
    clerk = staff(centre)
    return open_walk_in(centre, clerk, citizen(), idempotency_key="retry-1"), clerk


def test_idempotency_keys_are_forgotten_after_their_retention_and_the_case_and_payment_stay(
    settings, case_and_clerk
):
    settings.IDEMPOTENCY_RETENTION_DAYS = 7
    case, clerk = case_and_clerk
    payment = payment_create(
        case=case, actor=clerk, method="cash", amount=case.total, idempotency_key="pay-1"
    )
    assert IdempotencyKey.objects.count() == 1

    assert housekeeping.prune_all(timezone.now() + 6 * DAY)["case_idempotency_keys"] == 0
    assert IdempotencyKey.objects.count() == 1
    removed = housekeeping.prune_all(timezone.now() + 8 * DAY)
    assert removed["case_idempotency_keys"] == 1 and removed["payment_idempotency_keys"] == 1
    assert not IdempotencyKey.objects.exists()
    assert Case.objects.filter(pk=case.pk).exists()
    payment.refresh_from_db()
    assert payment.idempotency_key == "" and payment.state == "succeeded"


def test_gateway_callbacks_go_after_their_retention(settings):
    settings.PAYMENT_CALLBACK_RETENTION_DAYS = 90
    old = PaymentCallbackLog.objects.create(outcome="bad_signature", http_status=401)
    PaymentCallbackLog.objects.filter(pk=old.pk).update(received_at=timezone.now() - 91 * DAY)
    recent = PaymentCallbackLog.objects.create(outcome="bad_signature", http_status=401)

    assert housekeeping.prune_payment_callbacks(timezone.now()) == 1
    assert list(PaymentCallbackLog.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_embedded_broker_loses_its_consumed_messages_and_keeps_the_waiting_ones(settings, tmp_path):
    url = f"sqlite:///{tmp_path / 'broker.sqlite3'}"
    settings.CELERY_BROKER_URL = f"sqla+{url}"
    settings.BROKER_RETENTION_DAYS = 2
    engine = sqlalchemy.create_engine(url)
    old = (timezone.localtime() - 3 * DAY).replace(tzinfo=None)
    recent = (timezone.localtime() - DAY / 2).replace(tzinfo=None)
    with engine.begin() as db:
        db.execute(
            sqlalchemy.text(
                "CREATE TABLE kombu_message (id INTEGER PRIMARY KEY, visible BOOLEAN, timestamp DATETIME, "
                "payload TEXT, version SMALLINT, queue_id INTEGER)"
            )
        )
        rows = [(1, False, old), (2, False, recent), (3, True, old)]
        for pk, visible, at in rows:
            db.execute(
                sqlalchemy.text("INSERT INTO kombu_message VALUES (:pk, :visible, :at, '{}', 1, 1)"),
                {"pk": pk, "visible": visible, "at": at},
            )

    assert housekeeping.prune_broker(timezone.now()) == 1
    with engine.connect() as db:
        assert [r[0] for r in db.execute(sqlalchemy.text("SELECT id FROM kombu_message ORDER BY id"))] == [
            2,
            3,
        ]
    engine.dispose()


def test_redis_as_broker_needs_no_pruning(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    assert housekeeping.prune_broker(timezone.now()) == 0


def test_the_daily_beat_entry_runs_the_prune_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["housekeeping-prune"]
    assert entry["task"] == housekeeping_prune.name
    message("old", MessageStatus.DELIVERED, age_days=settings.OUTBOX_RETENTION_DAYS + 1)
    assert housekeeping_prune.apply().get()["outbox"] == 1
