from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PRIVATE = "private", _("Private company")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in at a centre")
    ONLINE = "online", _("Online request")


class FieldType(models.TextChoices):
    TEXT = "text", _("Text")
    TEXTAREA = "textarea", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    BOOLEAN = "boolean", _("Yes / no")
    CIVIL_NUMBER = "civil_number", _("Civil number")
    PHONE = "phone", _("Phone number")
    EMAIL = "email", _("E-mail address")
    VEHICLE_PLATE = "vehicle_plate", _("Vehicle plate")
    CR_NUMBER = "cr_number", _("Commercial registration number")


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    JPG = "jpg", "JPEG"
    PNG = "png", "PNG"


# Which constraints each field type accepts (the same vocabulary as data/catalogue.json).
STRING_CONSTRAINTS = frozenset({"max_length", "min_length", "pattern"})
CONSTRAINTS_BY_TYPE: dict[str, frozenset] = {
    FieldType.TEXT: STRING_CONSTRAINTS,
    FieldType.TEXTAREA: STRING_CONSTRAINTS,
    FieldType.PHONE: STRING_CONSTRAINTS,
    FieldType.EMAIL: STRING_CONSTRAINTS,
    FieldType.CIVIL_NUMBER: STRING_CONSTRAINTS,
    FieldType.VEHICLE_PLATE: STRING_CONSTRAINTS,
    FieldType.CR_NUMBER: STRING_CONSTRAINTS,
    FieldType.NUMBER: frozenset({"min", "max", "integer"}),
    FieldType.DATE: frozenset({"not_before_today", "not_after_today"}),
    FieldType.CHOICE: frozenset({"choices"}),
    FieldType.BOOLEAN: frozenset(),
}

# A new service's centre fee cap until the regulator sets one (baisa).
DEFAULT_CENTRE_FEE_CAP = 2000
MAX_FEE_BAISA = 100_000_000  # 100,000 OMR: anything above is a typing mistake
MAX_SLA_HOURS = 24 * 365
MAX_DOCUMENT_SIZE_KB = 20 * 1024
SEARCH_MAX_LENGTH = 200

# Omani government offices work 07:30–14:30, Sunday to Thursday.
WORKING_HOURS_PER_DAY = 7
