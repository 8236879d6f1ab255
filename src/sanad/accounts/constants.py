from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What kind of account this is. A centre's clerk/manager/owner role lives on the centre
    membership; an officer's institution on the institution membership."""

    CITIZEN = "citizen", _("Citizen")
    CENTRE_STAFF = "centre_staff", _("Centre staff")
    INSTITUTION_OFFICER = "institution_officer", _("Institution officer")
    REGULATOR = "regulator", _("Regulator")
    ADMIN = "admin", _("Administrator")


class IdKind(models.TextChoices):
    CIVIL = "civil", _("Omani civil number")
    RESIDENT = "resident", _("Resident card number")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")


DEMO_PASSWORD = "sanad-demo"  # noqa: S105  (documented in README; never loaded in production)
