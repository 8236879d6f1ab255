from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Gender, IdKind, Language, Role
from .identity import validate_id_number, validate_phone


class User(AbstractUser):
    """Every person who signs in: citizens, centre staff, institution officers, the regulator."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.CITIZEN)
    full_name_ar = models.CharField(_("full name (Arabic)"), max_length=200, blank=True)
    full_name_en = models.CharField(_("full name (English)"), max_length=200, blank=True)
    mobile = models.CharField(_("mobile (E.164)"), max_length=20, blank=True, validators=[validate_phone])
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    is_demo = models.BooleanField(_("demo account"), default=False, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def display_name(self, language: str = "ar") -> str:
        preferred = self.full_name_ar if language == "ar" else self.full_name_en
        return preferred or self.full_name_ar or self.full_name_en or self.get_full_name() or self.username

    @property
    def is_regulator(self) -> bool:
        return self.role == Role.REGULATOR

    @property
    def is_centre_staff(self) -> bool:
        return self.role == Role.CENTRE_STAFF

    @property
    def is_institution_officer(self) -> bool:
        return self.role == Role.INSTITUTION_OFFICER

    @property
    def is_citizen(self) -> bool:
        return self.role == Role.CITIZEN


class CitizenProfile(models.Model):
    """Identity of a citizen or resident: found by civil number at the counter."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="citizen_profile")
    id_kind = models.CharField(_("identity document"), max_length=16, choices=IdKind.choices)
    id_number = models.CharField(
        _("civil / resident card number"), max_length=10, unique=True, validators=[validate_id_number]
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    is_omani = models.BooleanField(_("Omani national"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("citizen profile")
        verbose_name_plural = _("citizen profiles")

    def __str__(self):
        return f"{self.get_id_kind_display()} {self.id_number}"

    @property
    def id_suffix(self) -> str:
        return self.id_number[-4:]
