"""One connector per institution, one Submission per time a case goes to its institution, and the
message log of every exchange (no document bytes, no secrets)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import encryption
from .constants import ConnectorKind, DeliveryState, Direction, Health


class Connector(models.Model):
    """How Sanad reaches one institution. `secrets` holds the active signing secrets (Standard
    Webhooks `whsec_…`), newest first: Sanad signs with all of them and accepts any, so a secret is
    rotated by adding the new one, letting the institution switch, then removing the old one. They
    are stored encrypted (encryption.py); only `secrets` reads them in clear."""

    institution = models.OneToOneField(
        "catalogue.Institution",
        on_delete=models.CASCADE,
        related_name="connector",
        verbose_name=_("institution"),
    )
    kind = models.CharField(_("connector"), max_length=16, choices=ConnectorKind.choices)
    endpoint_url = models.URLField(_("endpoint URL"), max_length=500, blank=True)
    status_url = models.URLField(
        _("status URL"), max_length=500, blank=True, help_text=_("Optional; {reference} is replaced.")
    )
    secrets_encrypted = models.TextField(_("signing secrets (encrypted)"), blank=True, editable=False)
    timeout_seconds = models.PositiveSmallIntegerField(_("timeout (seconds)"), default=10)
    cutoff_hours = models.PositiveSmallIntegerField(
        _("give up after (hours)"), default=48, help_text=_("Then the submission needs attention.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Health (a circuit breaker), kept from recent results.
    health = models.CharField(_("health"), max_length=10, choices=Health.choices, default=Health.UP)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    next_probe_at = models.DateTimeField(_("next probe at"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("institution__code",)
        verbose_name = _("connector")
        verbose_name_plural = _("connectors")

    def __str__(self):
        return f"{self.institution.code} ({self.kind})"

    @property
    def secrets(self) -> list[str]:
        return encryption.decrypt_list(self.secrets_encrypted)

    @secrets.setter
    def secrets(self, values) -> None:
        self.secrets_encrypted = encryption.encrypt_list(list(values or []))

    def clean(self):
        from .connectors import connectors

        if self.kind in connectors:  # an unknown kind is already the field's own error
            connectors.get(self.kind).validate(self)


class Submission(models.Model):
    """One sending of a case to its institution. The number counts the sendings of that case (a case
    corrected and sent again is submission 2), and `reference:number` is the idempotency key the
    institution sees, so a retry never opens a second file there."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="submissions")
    institution = models.ForeignKey("catalogue.Institution", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=ConnectorKind.choices)
    state = models.CharField(
        _("delivery"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    outbox_message = models.ForeignKey(
        "outbox.OutboxMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    institution_reference = models.CharField(_("institution reference"), max_length=100, blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=16, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    citizen_told_queued = models.BooleanField(default=False)

    class Meta:
        ordering = ("pk",)
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="submission_case_number")]
        indexes = [models.Index(fields=["institution", "state"], name="submission_queue_idx")]

    def __str__(self):
        return self.idempotency_key

    @property
    def idempotency_key(self) -> str:
        return f"{self.case.reference}:{self.number}"

    @property
    def webhook_id(self) -> str:
        return f"msg_{self.case.reference}_{self.number}"


class MessageLog(models.Model):
    """One exchange with an institution: what, where, how it went. Never the documents' bytes nor a
    secret."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    institution = models.ForeignKey("catalogue.Institution", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    url = models.CharField(_("URL"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"), null=True, blank=True)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), null=True, blank=True)
    attempt = models.PositiveIntegerField(_("attempt"), default=0)
    webhook_id = models.CharField(_("webhook-id"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    ok = models.BooleanField(_("succeeded"), default=False)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("message log entry")
        verbose_name_plural = _("message log")

    def __str__(self):
        return f"{self.direction} {self.url} {self.status}"


class ReceivedWebhook(models.Model):
    """A callback's webhook-id, accepted once per institution (a replay is refused)."""

    institution = models.ForeignKey("catalogue.Institution", on_delete=models.CASCADE, related_name="+")
    webhook_id = models.CharField(max_length=120)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["institution", "webhook_id"], name="webhook_id_once")]

    def __str__(self):
        return self.webhook_id
