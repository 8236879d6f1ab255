"""Rollups (DESIGN.md §3, §5 "Statistics"): counts and sums per day × centre × service, and the same
per month × wilayat × service for national reads. Both are kept up to date in the transaction that
changes a case or a payment (see rollup.py) and can be rebuilt from the raw rows at any time.

The geography and the institution are copied onto each row so that national figures are read from
one table, without joins."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import CLERK_MEASURES, MEASURES


def _measures(names):
    return {name: models.BigIntegerField(default=0, db_default=0) for name in names}


class Measures(models.Model):
    wilayat = models.ForeignKey("geo.Wilayat", on_delete=models.PROTECT, related_name="+")
    governorate = models.ForeignKey("geo.Governorate", on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("catalogue.Institution", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    locals().update(_measures(MEASURES))

    class Meta:
        abstract = True


class DailyStat(Measures):
    """One day (Asia/Muscat) at one centre for one service."""

    day = models.DateField(_("day"))
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")

    date_field = "day"

    class Meta:
        verbose_name = _("daily statistics")
        verbose_name_plural = _("daily statistics")
        constraints = [
            models.UniqueConstraint(fields=["day", "centre", "service"], name="dailystat_key"),
        ]
        indexes = [
            models.Index(fields=["centre", "day"], name="dailystat_centre_idx"),
            models.Index(fields=["wilayat", "day"], name="dailystat_wilayat_idx"),
            models.Index(fields=["institution", "day"], name="dailystat_institution_idx"),
            models.Index(fields=["day"], name="dailystat_day_idx"),
        ]

    def __str__(self):
        return f"{self.day} centre {self.centre_id} service {self.service_id}"


class MonthlyStat(Measures):
    """One calendar month (its first day) in one wilayat for one service: what national reads use."""

    month = models.DateField(_("month"))

    date_field = "month"

    class Meta:
        verbose_name = _("monthly statistics")
        verbose_name_plural = _("monthly statistics")
        constraints = [
            models.UniqueConstraint(fields=["month", "wilayat", "service"], name="monthlystat_key"),
        ]
        indexes = [
            models.Index(fields=["month"], name="monthlystat_month_idx"),
            models.Index(fields=["governorate", "month"], name="monthlystat_governorate_idx"),
            models.Index(fields=["institution", "month"], name="monthlystat_institution_idx"),
            models.Index(fields=["service", "month"], name="monthlystat_service_idx"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} wilayat {self.wilayat_id} service {self.service_id}"


class WilayatMonthStat(models.Model):
    """One month in one wilayat, every service together: the national map, governorates and trend."""

    month = models.DateField(_("month"))
    wilayat = models.ForeignKey("geo.Wilayat", on_delete=models.PROTECT, related_name="+")
    governorate = models.ForeignKey("geo.Governorate", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    locals().update(_measures(MEASURES))

    date_field = "month"

    class Meta:
        verbose_name = _("monthly statistics per wilayat")
        verbose_name_plural = _("monthly statistics per wilayat")
        constraints = [models.UniqueConstraint(fields=["month", "wilayat"], name="wilayatmonthstat_key")]

    def __str__(self):
        return f"{self.month:%Y-%m} wilayat {self.wilayat_id}"


class ServiceMonthStat(models.Model):
    """One month of one service, the whole country together: institutions and services."""

    month = models.DateField(_("month"))
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey("catalogue.Institution", on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    locals().update(_measures(MEASURES))

    date_field = "month"

    class Meta:
        verbose_name = _("monthly statistics per service")
        verbose_name_plural = _("monthly statistics per service")
        constraints = [models.UniqueConstraint(fields=["month", "service"], name="servicemonthstat_key")]
        indexes = [models.Index(fields=["institution", "month"], name="servicemonthstat_inst_idx")]

    def __str__(self):
        return f"{self.month:%Y-%m} service {self.service_id}"


class ClerkDailyStat(models.Model):
    """What one member of staff did on one day at one centre (the owner's per-clerk output)."""

    day = models.DateField(_("day"))
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()
    locals().update(_measures(CLERK_MEASURES))

    date_field = "day"

    class Meta:
        verbose_name = _("daily statistics per clerk")
        verbose_name_plural = _("daily statistics per clerk")
        constraints = [
            models.UniqueConstraint(fields=["day", "centre", "clerk"], name="clerkdailystat_key"),
        ]
        indexes = [models.Index(fields=["centre", "day"], name="clerkdailystat_centre_idx")]

    def __str__(self):
        return f"{self.day} centre {self.centre_id} clerk {self.clerk_id}"
