from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Bilingual(models.Model):
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ar").startswith("en") else self.name_ar


class Governorate(Bilingual):
    """محافظة. Reference data loaded by a data migration (see geo/data/oman_geography.json)."""

    code = models.CharField(_("ISO 3166-2 code"), max_length=8, unique=True)
    capital_ar = models.CharField(_("capital (Arabic)"), max_length=120, blank=True)
    capital_en = models.CharField(_("capital (English)"), max_length=120, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    population = models.PositiveIntegerField(_("population (2020 census)"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "code")
        verbose_name = _("governorate")
        verbose_name_plural = _("governorates")


class Wilayat(Bilingual):
    """ولاية."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    governorate = models.ForeignKey(
        Governorate, on_delete=models.PROTECT, related_name="wilayats", verbose_name=_("governorate")
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("governorate__sort_order", "sort_order", "code")
        verbose_name = _("wilayat")
        verbose_name_plural = _("wilayats")
