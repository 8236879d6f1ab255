"""Outbox handlers that actually send. Idempotent: a Notification row per key records a send, and a
redelivered message whose Notification exists is not sent again."""

from django.conf import settings
from django.core.mail import send_mail

from sanad.outbox.registry import handler

from . import sms
from .constants import Channel, DeliveryStatus
from .models import Notification


def _already_sent(key: str) -> bool:
    return Notification.objects.filter(idempotency_key=key).exists()


@handler("notification.sms")
def send_sms(message):
    if _already_sent(message.idempotency_key):
        return
    p = message.payload
    reference = sms.gateway().send(to=p["to"], text=p["text"], key=message.idempotency_key)
    Notification.objects.create(
        recipient_id=p["user_id"],
        channel=Channel.SMS,
        address=p["to"],
        language=p.get("language", "ar"),
        body=p["text"],
        topic=p.get("topic", ""),
        idempotency_key=message.idempotency_key,
        status=DeliveryStatus.SENT,
        provider_reference=reference,
    )


@handler("notification.email")
def send_email(message):
    if _already_sent(message.idempotency_key):
        return
    p = message.payload
    send_mail(p["subject"], p["text"], settings.DEFAULT_FROM_EMAIL, [p["to"]], fail_silently=False)
    Notification.objects.create(
        recipient_id=p["user_id"],
        channel=Channel.EMAIL,
        address=p["to"],
        language=p.get("language", "ar"),
        subject=p["subject"],
        body=p["text"],
        topic=p.get("topic", ""),
        idempotency_key=message.idempotency_key,
        status=DeliveryStatus.SENT,
    )
