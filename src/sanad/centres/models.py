"""Centres, their licences and licensing history, owners, hours, staff, inspections and prices."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .constants import (
    MINUTES_PER_DAY,
    InspectionKind,
    InspectionResult,
    LicenceAction,
    LicenceState,
    Severity,
    StaffRole,
    Weekday,
)


def _english() -> bool:
    return (get_language() or "ar").startswith("en")


class Centre(models.Model):
    """مركز سند: a licensed service centre. Its public status follows its licence."""

    name_ar = models.CharField(_("commercial name (Arabic)"), max_length=200)
    name_en = models.CharField(_("commercial name (English)"), max_length=200)
    wilayat = models.ForeignKey(
        "geo.Wilayat", on_delete=models.PROTECT, related_name="centres", verbose_name=_("wilayat")
    )
    address_ar = models.CharField(_("address (Arabic)"), max_length=300)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    phone = models.CharField(_("phone (E.164)"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    counters = models.PositiveSmallIntegerField(_("number of counters"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("id",)
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        indexes = [models.Index(fields=["latitude", "longitude"], name="centres_position_idx")]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return (self.name_en if _english() else self.name_ar) or self.name_ar

    @property
    def address(self) -> str:
        return (self.address_en if _english() else self.address_ar) or self.address_ar


class Licence(models.Model):
    """ترخيص: one per centre, from the application to its end. Every change is a LicenceEvent."""

    centre = models.OneToOneField(
        Centre, on_delete=models.PROTECT, related_name="licence", verbose_name=_("centre")
    )
    number = models.CharField(_("licence number"), max_length=20, unique=True, null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=24, choices=LicenceState.choices, default=LicenceState.SUBMITTED
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="licence_applications",
        verbose_name=_("applicant"),
    )
    applied_at = models.DateTimeField(_("applied at"))
    interview_at = models.DateTimeField(_("interview at"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    suspension_reason = models.TextField(_("suspension reason"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("id",)
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        indexes = [models.Index(fields=["state", "expires_on"], name="centres_licence_state_idx")]

    def __str__(self):
        return self.number or f"#{self.pk}"


class ImmutableRow(models.Model):
    """History rows are written once and never changed or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            raise ValueError("history rows are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("history rows are immutable")


class LicenceEvent(ImmutableRow):
    """One step in a licence's life: who did what, when, from which state to which, and why."""

    licence = models.ForeignKey(
        Licence, on_delete=models.PROTECT, related_name="events", verbose_name=_("licence")
    )
    action = models.CharField(_("action"), max_length=24, choices=LicenceAction.choices)
    from_state = models.CharField(_("from"), max_length=24, choices=LicenceState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=24, choices=LicenceState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("licence event")
        verbose_name_plural = _("licence events")

    def __str__(self):
        return f"{self.licence_id}: {self.from_state or '-'} → {self.to_state} ({self.action})"


class CentreOwner(models.Model):
    """An owner (or one of up to four partners), with what the eligibility checks need."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="owners")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    full_name_ar = models.CharField(_("full name (Arabic)"), max_length=200)
    full_name_en = models.CharField(_("full name (English)"), max_length=200, blank=True)
    civil_number = models.CharField(_("civil number"), max_length=10, db_index=True)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=8, blank=True)
    is_omani = models.BooleanField(_("Omani national"))
    full_time = models.BooleanField(_("works full time in the centre"))
    employed_elsewhere = models.BooleanField(_("employed elsewhere"))
    is_primary = models.BooleanField(_("main applicant"), default=False)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ("-is_primary", "id")
        verbose_name = _("owner")
        verbose_name_plural = _("owners")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return (self.full_name_en if _english() else self.full_name_ar) or self.full_name_ar


class OpeningPeriod(models.Model):
    """One opening period on a weekday, in minutes from midnight (close may be 1440 = 24:00).
    Hours past midnight are entered as two periods: 20:00–24:00 and 00:00–01:00 the next day."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="periods")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_minute = models.PositiveSmallIntegerField(_("opens"))
    closes_minute = models.PositiveSmallIntegerField(_("closes"))

    class Meta:
        ordering = ("centre", "weekday", "opens_minute")
        verbose_name = _("opening period")
        verbose_name_plural = _("opening periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_minute__lt=F("closes_minute")) & Q(closes_minute__lte=MINUTES_PER_DAY),
                name="centres_period_ordered",
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_minute // 60:02d}:{self.opens_minute % 60:02d}–{self.closes_minute // 60:02d}:{self.closes_minute % 60:02d}"


class HoursException(models.Model):
    """Different hours for a range of dates (Ramadan, a holiday the centre opens on, a closure).
    `periods` is a list of [opens_minute, closes_minute]; empty with is_closed means closed."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="hour_exceptions")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)
    periods = models.JSONField(_("hours"), default=list, blank=True)

    class Meta:
        ordering = ("centre", "starts_on")
        verbose_name = _("hours exception")
        verbose_name_plural = _("hours exceptions")
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lte=F("ends_on")), name="centres_exception_ordered")
        ]

    def __str__(self):
        return f"{self.name} {self.starts_on}–{self.ends_on}"

    @property
    def name(self) -> str:
        return (self.name_en if _english() else self.name_ar) or self.name_ar


class PublicHoliday(models.Model):
    """An official holiday (Islamic dates move: the table is edited when they are announced)."""

    date = models.DateField(_("date"), unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        ordering = ("date",)
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self):
        return f"{self.date} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_ar


class StaffMembership(models.Model):
    """A person working at a centre with a role. Active while not ended (ended_on after today)."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="centre_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=StaffRole.choices)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # What the regulator's jobs statistics need, nothing more.
    is_omani = models.BooleanField(_("Omani national"), default=True)
    gender = models.CharField(_("gender"), max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("centre", "role", "id")
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(
                fields=("user",), condition=Q(ended_on__isnull=True), name="centres_one_open_membership"
            )
        ]

    def __str__(self):
        return f"{self.user_id} @ {self.centre_id} ({self.role})"


class Inspection(models.Model):
    """A regulator's visit: checklist, result and the violations found."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(_("kind"), max_length=16, choices=InspectionKind.choices)
    visited_on = models.DateField(_("visited on"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    result = models.CharField(_("result"), max_length=8, choices=InspectionResult.choices)
    checklist = models.JSONField(_("checklist"), default=dict)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-visited_on", "-id")
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self):
        return f"{self.centre_id} {self.kind} {self.visited_on} ({self.result})"


class Violation(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="violations")
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="violations")
    code = models.CharField(_("checklist item"), max_length=40)
    description = models.TextField(_("description"))
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("violation")
        verbose_name_plural = _("violations")

    def __str__(self):
        return f"{self.code} ({self.severity})"


class CentreService(models.Model):
    """A service a centre offers and its own centre fee (baisa), never above the catalogue's cap.
    When the cap is lowered after the price was set, the price is flagged and the cap is charged."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="prices")
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="centre_prices")
    centre_fee = models.PositiveIntegerField(_("centre fee (baisa)"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("centre", "service__code")
        verbose_name = _("centre service price")
        verbose_name_plural = _("centre service prices")
        constraints = [
            models.UniqueConstraint(fields=("centre", "service"), name="centres_one_price_per_service")
        ]

    def __str__(self):
        return f"{self.centre_id} {self.service_id}: {self.centre_fee}"
