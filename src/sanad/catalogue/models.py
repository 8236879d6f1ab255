"""The service catalogue: institutions, and services as a sequence of versions.

A published version never changes: a case pins the version it was opened on, and the institution
publishes a new version to change anything. Changing a centre fee cap is a new version too, with
who and why recorded in CentreFeeCapChange.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sanad.core.errors import Conflict

from .constants import InstitutionKind, VersionStatus


def _english() -> bool:
    return (get_language() or "ar").startswith("en")


class BilingualName(models.Model):
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_ar


class Institution(BilingualName):
    """جهة: a government body or a private company that offers services through Sanad centres."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=InstitutionKind.choices)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone (E.164)"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Filled by the integration area (endpoints, keys' references, delivery mode); opaque here.
    integration = models.JSONField(_("integration settings"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")


class InstitutionMembership(models.Model):
    """An institution officer belongs to exactly one institution."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="institution_membership",
        verbose_name=_("user"),
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("institution")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("institution membership")
        verbose_name_plural = _("institution memberships")

    def __str__(self):
        return f"{self.user} → {self.institution.code}"


class Category(BilingualName):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    icon = models.CharField(_("icon"), max_length=40, default="grid")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "code")
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class DocumentType(BilingualName):
    """A kind of document a citizen brings (civil ID copy, passport copy, photo, …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("document type")
        verbose_name_plural = _("document types")


class Service(models.Model):
    """خدمة: a stable code and a sequence of versions. `current_version` is the published one that
    new cases are opened on (None while nothing is published, or after the service is retired)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="services", verbose_name=_("institution")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="services", verbose_name=_("category")
    )
    current_version = models.OneToOneField(
        "ServiceVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current published version"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("code",)
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        version = self.current_version
        return f"{self.code} · {version.name}" if version else self.code

    @property
    def name(self) -> str:
        """The current version's name; for a service not yet published, its latest draft's."""
        version = (
            self.current_version if self.current_version_id else self.versions.order_by("-number").first()
        )
        return version.name if version is not None else self.code


class ServiceVersion(models.Model):
    """One version of a service. Drafts are edited; a published version is immutable."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="versions", verbose_name=_("service")
    )
    number = models.PositiveIntegerField(_("version number"))
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="versions", verbose_name=_("category")
    )
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    channels = models.JSONField(_("channels"), default=list)
    # Typed list of fields: [{key, type, label_ar, label_en, help_ar, help_en, required, constraints}]
    form_fields = models.JSONField(_("form fields"), default=list, blank=True)
    # Ordered processing steps: [{code, name_ar, name_en, final}], the last one final.
    steps = models.JSONField(_("processing steps"), default=list, blank=True)
    government_fee_min = models.PositiveIntegerField(_("government fee, minimum (baisa)"), default=0)
    government_fee_max = models.PositiveIntegerField(_("government fee, maximum (baisa)"), default=0)
    # Where the fee follows from an answer on the form: [{"field": "renewal_years",
    # "fees": {"2": 10000, "10": 20000}}]; an answer not listed leaves the fee to be typed.
    fee_rules = models.JSONField(_("government fee by answer"), default=list, blank=True)
    fee_percent = models.DecimalField(
        _("fee as a percentage"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    fee_is_estimate = models.BooleanField(_("fee is an estimate"), default=False)
    fee_source = models.TextField(_("fee source"), blank=True)
    fee_note_ar = models.TextField(_("fee note (Arabic)"), blank=True)
    fee_note_en = models.TextField(_("fee note (English)"), blank=True)
    centre_fee_cap = models.PositiveIntegerField(_("centre fee cap (baisa)"), default=0)
    sla_hours = models.PositiveIntegerField(_("expected processing time (working hours)"), default=24)
    change_note = models.TextField(_("what changed and why"), blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("based on")
    )
    # Other names the service is known by (colloquial names, a card's popular name, abbreviations),
    # one per line; never shown, used only by search.
    aliases_ar = models.TextField(_("other names and keywords (Arabic)"), blank=True)
    aliases_en = models.TextField(_("other names and keywords (English)"), blank=True)
    # Accent-, hamza- and article-insensitive text of the names and code (see catalogue/search.py).
    search_text = models.TextField(editable=False, blank=True)
    # Stems per field for ranking, and the tokens the database's full-text engine matches
    # (catalogue/search.py, catalogue/search_index.py).
    search_terms = models.JSONField(editable=False, default=dict, blank=True)
    search_tokens = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    # What may still change on a version that is no longer a draft.
    MUTABLE_AFTER_PUBLISH = frozenset({"status", "retired_at", "updated_at"})

    class Meta:
        ordering = ("service", "-number")
        verbose_name = _("service version")
        verbose_name_plural = _("service versions")
        constraints = [
            models.UniqueConstraint(fields=("service", "number"), name="catalogue_version_number_unique"),
            models.UniqueConstraint(
                fields=("service",),
                condition=Q(status="published"),
                name="catalogue_one_published_version",
            ),
            models.UniqueConstraint(
                fields=("service",), condition=Q(status="draft"), name="catalogue_one_draft_version"
            ),
            models.CheckConstraint(
                condition=Q(government_fee_min__lte=models.F("government_fee_max")),
                name="catalogue_fee_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.service.code} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            self._refuse_changes_after_publish()
        super().save(*args, **kwargs)

    def _refuse_changes_after_publish(self) -> None:
        content = [
            f.attname
            for f in self._meta.concrete_fields
            if f.name not in self.MUTABLE_AFTER_PUBLISH and not f.primary_key
        ]
        stored = type(self).objects.filter(pk=self.pk).values("status", *content).first()
        if stored is None or stored["status"] == VersionStatus.DRAFT:
            return
        if any(stored[name] != getattr(self, name) for name in content):
            raise Conflict(_("A published version cannot be changed. Draft a new version instead."))

    @property
    def name(self) -> str:
        return (self.name_en if _english() else self.name_ar) or self.name_ar or self.name_en

    @property
    def description(self) -> str:
        return (self.description_en if _english() else self.description_ar) or self.description_ar

    @property
    def fee_note(self) -> str:
        return (self.fee_note_en if _english() else self.fee_note_ar) or self.fee_note_ar

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def has_fee_range(self) -> bool:
        return self.government_fee_min != self.government_fee_max


class RequiredDocument(models.Model):
    """One line of a version's documents checklist."""

    version = models.ForeignKey(
        ServiceVersion, on_delete=models.CASCADE, related_name="documents", verbose_name=_("version")
    )
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("document type")
    )
    position = models.PositiveSmallIntegerField(default=0)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    formats = models.JSONField(_("accepted formats"), default=list)
    max_size_kb = models.PositiveIntegerField(_("size limit (KB)"), default=2048)
    note_ar = models.CharField(_("note (Arabic)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ("version", "position", "id")
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self):
        return f"{self.version} · {self.document_type.code}"

    def save(self, *args, **kwargs):
        if not self.version.is_draft:
            raise Conflict(_("A published version cannot be changed. Draft a new version instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not self.version.is_draft:
            raise Conflict(_("A published version cannot be changed. Draft a new version instead."))
        return super().delete(*args, **kwargs)

    @property
    def note(self) -> str:
        return (self.note_en if _english() else self.note_ar) or self.note_ar


class CentreFeeCapChange(models.Model):
    """The regulator's record of a centre fee cap change: old and new cap, who, when, why."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="cap_changes", verbose_name=_("service")
    )
    version = models.ForeignKey(
        ServiceVersion,
        on_delete=models.PROTECT,
        related_name="cap_changes",
        verbose_name=_("version carrying the new cap"),
    )
    old_cap = models.PositiveIntegerField(_("previous cap (baisa)"))
    new_cap = models.PositiveIntegerField(_("new cap (baisa)"))
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ("-changed_at", "-id")
        verbose_name = _("centre fee cap change")
        verbose_name_plural = _("centre fee cap changes")

    def __str__(self):
        return f"{self.service.code}: {self.old_cap} → {self.new_cap}"


class SearchMiss(models.Model):
    """A search that found nothing: the normalised query and how many times a day it was asked.
    Nothing about who asked is kept."""

    query = models.CharField(_("query"), max_length=200)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("times asked"), default=0)

    class Meta:
        ordering = ("-day", "-count", "query")
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [models.UniqueConstraint(fields=("query", "day"), name="catalogue_search_miss_per_day")]

    def __str__(self):
        return f"{self.day} · {self.query} × {self.count}"
