"""The audit trail (append-only, hash-chained) and the records of personal data rights: consents,
rectification and erasure requests, data exports, and the retention rules they follow."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .constants import Channel, ConsentPurpose, Operation, RecordKind, RectificationField, RequestState


class AuditEntry(models.Model):
    """One write or one read of personal data. Never changed or deleted (database triggers refuse
    both). Written without a hash; the sealer (sanad.audit.chain) then gives it its place in the
    chain (`seq`), the hash of the entry before it and its own, so a changed row breaks the chain.
    People and objects are kept as plain ids and labels, not foreign keys, so that nothing done to
    them later (erasure, deletion) has to touch this table."""

    at = models.DateTimeField(pgettext_lazy("audit", "at"), db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor = models.CharField(_("who"), max_length=150, blank=True)
    role = models.CharField(_("acting as"), max_length=32, blank=True)
    actor_org = models.CharField(_("centre or institution"), max_length=200, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    client = models.CharField(_("client address"), max_length=64, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    operation = models.CharField(_("operation"), max_length=16, choices=Operation.choices)
    object_type = models.CharField(_("kind of record"), max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    object = models.CharField(_("record"), max_length=120, db_index=True)
    case_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    centre_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    subject_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.TextField(_("why"), blank=True)
    # Set once by the sealer (the only UPDATE the triggers allow); empty/NULL until then.
    seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        ordering = ("id",)
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"#{self.pk} {self.operation} {self.object}"

    @property
    def is_read(self) -> bool:
        from .constants import READ_OPERATIONS

        return self.operation in READ_OPERATIONS

    def change_rows(self, limit: int = 8) -> list[tuple]:
        """(field, before, after) of a write, at most `limit` (the export has them all)."""
        if self.is_read or not isinstance(self.changes, dict):
            return []
        rows = []
        for name, pair in list(self.changes.items())[:limit]:
            before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
            rows.append((name, before, after))
        return rows

    @property
    def role_label(self) -> str:
        from sanad.accounts.constants import Role

        return Role(self.role).label if self.role in Role.values else self.role

    @property
    def actor_org_label(self) -> str:
        """Where the actor works, in the language in use: `actor_org` is kept as "Arabic / English"."""
        from django.utils.translation import get_language

        arabic, _sep, english = self.actor_org.partition(" / ")
        return (english or arabic) if (get_language() or "ar").startswith("en") else arabic


class RetentionRule(models.Model):
    """How long a kind of record is kept after it stops being needed, and why (data, editable by
    the regulator in the admin; the defaults are loaded by a migration)."""

    kind = models.CharField(_("kind of record"), max_length=32, choices=RecordKind.choices, unique=True)
    keep_days = models.PositiveIntegerField(_("kept for (days)"))
    basis_ar = models.CharField(_("legal basis (Arabic)"), max_length=300)
    basis_en = models.CharField(_("legal basis (English)"), max_length=300)

    class Meta:
        ordering = ("kind",)
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self):
        return f"{self.kind}: {self.keep_days}"


class ErasureRequest(models.Model):
    """A person asked for their data to be erased. It waits for the longest retention period of
    their records, then a scheduled job pseudonymises them and deletes their documents."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=RequestState.choices, default=RequestState.SCHEDULED
    )
    reason = models.TextField(_("reason"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    erase_after = models.DateTimeField(_("erased after"))
    done_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        ordering = ("-requested_at",)
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")

    def __str__(self):
        return f"{self.person_id} {self.state}"


class RectificationRequest(models.Model):
    """A person asked to correct their name or mobile; a centre or the regulator decides."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="rectification_requests"
    )
    field = models.CharField(_("what"), max_length=16, choices=RectificationField.choices)
    current_value = models.CharField(_("now"), max_length=200, blank=True)
    requested_value = models.CharField(_("correct value"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=RequestState.choices, default=RequestState.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ("-requested_at",)
        verbose_name = _("rectification request")
        verbose_name_plural = _("rectification requests")

    def __str__(self):
        return f"{self.person_id} {self.field} {self.state}"


class Consent(models.Model):
    """One consent given (and, once withdrawn, when): a new row each time it is given again."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=32, choices=ConsentPurpose.choices)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ("-given_at",)
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="audit_consent_one_active",
            )
        ]

    def __str__(self):
        return f"{self.person_id} {self.purpose}"


class DataExport(models.Model):
    """A copy of a person's data was handed to them: when, and the SHA-256 of what they got."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_exports"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self):
        return f"{self.person_id} {self.created_at:%Y-%m-%d}"
