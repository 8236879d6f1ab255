from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Action, CaseState, Channel, CustodyItemType, DocumentRole


class Case(models.Model):
    """معاملة: one citizen's request for one service at one centre, from opening to closing."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases", verbose_name=_("citizen")
    )
    centre = models.ForeignKey(
        "centres.Centre", on_delete=models.PROTECT, related_name="cases", verbose_name=_("centre")
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned clerk"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    service = models.ForeignKey(
        "catalogue.Service", on_delete=models.PROTECT, related_name="cases", verbose_name=_("service")
    )
    service_version = models.ForeignKey(
        "catalogue.ServiceVersion",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("service version"),
    )
    state = models.CharField(_("state"), max_length=32, choices=CaseState.choices, db_index=True)
    form_data = models.JSONField(_("form data"), default=dict, blank=True)
    # The fee snapshot, in baisa, fixed when the case is opened (or the fee is changed, with an event).
    government_fee = models.PositiveIntegerField(_("government fee (baisa)"))
    centre_fee = models.PositiveIntegerField(_("centre fee (baisa)"))
    vat = models.PositiveIntegerField(_("VAT (baisa)"))
    total = models.PositiveIntegerField(_("total (baisa)"))
    sla_due_at = models.DateTimeField(_("due by"), null=True, blank=True)
    citizen_deadline = models.DateTimeField(_("citizen must respond by"), null=True, blank=True)
    institution_reference = models.CharField(_("institution reference"), max_length=100, blank=True)
    decision_note = models.TextField(_("institution decision"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    version = models.PositiveIntegerField(default=1, help_text="bumped on every change (edit conflicts)")
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["centre", "state"], name="case_centre_state_idx"),
            models.Index(fields=["centre", "-created_at"], name="case_centre_recent_idx"),
            models.Index(fields=["citizen", "-created_at"], name="case_citizen_idx"),
            models.Index(fields=["service", "created_at"], name="case_service_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    total=models.F("government_fee") + models.F("centre_fee") + models.F("vat")
                ),
                name="case_total_is_sum",
            )
        ]

    def __str__(self):
        return self.reference

    @property
    def fee(self) -> dict:
        return {
            "government_fee": self.government_fee,
            "centre_fee": self.centre_fee,
            "vat": self.vat,
            "total": self.total,
        }


class CaseEvent(models.Model):
    """سجل المعاملة: one immutable line of a case's history."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=32, choices=CaseState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=32, choices=CaseState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self):
        return f"{self.case_id} {self.action} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("case events are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("case events are immutable")


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class CaseDocument(models.Model):
    """A file on a case: a required document from the citizen, or an outcome from the institution.
    Replacing a document adds a new row and keeps the old one (is_current=False)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    role = models.CharField(
        _("kind"), max_length=8, choices=DocumentRole.choices, default=DocumentRole.REQUIRED
    )
    document_type = models.ForeignKey(
        "catalogue.DocumentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("document type"),
    )
    file = models.FileField(_("file"), storage=_private_storage, upload_to="cases/%Y/%m/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    is_current = models.BooleanField(default=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ("case", "document_type", "-uploaded_at")
        # One current version per document type (and one current untyped outcome), whatever races.
        constraints = [
            models.UniqueConstraint(
                fields=["case", "role", "document_type"],
                condition=models.Q(is_current=True, document_type__isnull=False),
                name="casedocument_one_current_per_type",
            ),
            models.UniqueConstraint(
                fields=["case", "role"],
                condition=models.Q(is_current=True, document_type__isnull=True),
                name="casedocument_one_current_untyped",
            ),
        ]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self):
        return self.original_name


class CustodyItem(models.Model):
    """An original document the citizen handed over: logged when received and when returned."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="custody")
    item_type = models.CharField(_("item"), max_length=32, choices=CustodyItemType.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("received_at",)
        verbose_name = _("original held")
        verbose_name_plural = _("originals held")

    def __str__(self):
        return self.get_item_type_display()

    @property
    def held(self) -> bool:
        return self.returned_at is None


class IdempotencyKey(models.Model):
    """A client's Idempotency-Key for creating a case: a retry returns the first case."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    # SHA-256 of what was asked: the same key with a different request is refused (422).
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="case_idempotency_unique")]

    def __str__(self):
        return f"{self.user_id}:{self.key} → {self.case_id}"
