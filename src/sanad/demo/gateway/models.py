from django.db import models

from .constants import Mode, SessionStatus


class GatewaySession(models.Model):
    """One payment at the simulated gateway (what a real gateway keeps on its side)."""

    reference = models.CharField(max_length=64, unique=True)
    merchant_reference = models.CharField(max_length=64)
    case_reference = models.CharField(max_length=40)
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    return_url = models.CharField(max_length=500)
    callback_url = models.CharField(max_length=500)
    mode = models.CharField(max_length=8, choices=Mode.choices, blank=True)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.PENDING)
    refunded = models.PositiveIntegerField(default=0)
    refund_keys = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self):
        return self.reference
