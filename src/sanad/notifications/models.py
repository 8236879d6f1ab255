from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Channel, DeliveryStatus


class Notification(models.Model):
    """One message sent to one person on one channel: the record of what they were told."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    language = models.CharField(_("language"), max_length=2)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    topic = models.CharField(_("topic"), max_length=100)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=8, choices=DeliveryStatus.choices)
    provider_reference = models.CharField(_("provider reference"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ("-sent_at",)
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return f"{self.channel} → {self.address}: {self.topic}"
