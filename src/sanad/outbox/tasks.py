from celery import shared_task
from django.utils import timezone

from . import services
from .constants import MessageStatus


@shared_task(name="sanad.outbox.tasks.outbox_deliver", ignore_result=True, bind=True)
def outbox_deliver(self, message_id: int) -> None:
    message = services.outbox_deliver(message_id=message_id)
    if message is not None and message.status == MessageStatus.PENDING and not self.request.is_eager:
        # Try again when the backoff says; the periodic sweep is the safety net if this is lost.
        countdown = max((message.next_attempt_at - timezone.now()).total_seconds(), 0)
        outbox_deliver.apply_async((message_id,), countdown=countdown)


@shared_task(name="sanad.outbox.tasks.outbox_sweep", ignore_result=True)
def outbox_sweep() -> int:
    ids = services.outbox_due_ids()
    for message_id in ids:
        services.outbox_deliver(message_id=message_id)
    return len(ids)
