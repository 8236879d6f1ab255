from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Operation(models.TextChoices):
    """What an audit entry records: a write (create, update, delete) or a read of personal data."""

    CREATE = "create", pgettext_lazy("audit operation", "Created")
    UPDATE = "update", pgettext_lazy("audit operation", "Changed")
    DELETE = "delete", pgettext_lazy("audit operation", "Deleted")
    READ = "read", pgettext_lazy("audit operation", "Opened")
    DOWNLOAD = "download", pgettext_lazy("audit operation", "Downloaded")
    EXPORT = "export", pgettext_lazy("audit operation", "Exported")


READ_OPERATIONS = (Operation.READ, Operation.DOWNLOAD, Operation.EXPORT)


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    ADMIN = "admin", _("Administration")
    SYSTEM = "system", _("System")


class RequestState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("personal data request", "Pending")
    SCHEDULED = "scheduled", pgettext_lazy("personal data request", "Scheduled")
    DONE = "done", pgettext_lazy("personal data request", "Done")
    APPROVED = "approved", pgettext_lazy("personal data request", "Approved")
    REJECTED = "rejected", pgettext_lazy("personal data request", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("personal data request", "Withdrawn")


class RecordKind(models.TextChoices):
    """Kinds of record a retention rule applies to."""

    CLOSED_CASE = "closed_case", _("Finished transaction")
    CASE_DOCUMENT = "case_document", _("Transaction document")
    PAYMENT = "payment", _("Payment and receipt")
    ACCOUNT = "account", _("Account without transactions")


class ConsentPurpose(models.TextChoices):
    NOTIFICATIONS = "notifications", _("Messages about my transactions (SMS and e-mail)")
    DOCUMENT_REUSE = "document_reuse", _("Reuse of my documents across transactions")


class RectificationField(models.TextChoices):
    FULL_NAME_AR = "full_name_ar", _("Full name (Arabic)")
    FULL_NAME_EN = "full_name_en", _("Full name (English)")
    MOBILE = "mobile", _("Mobile number")


PSEUDONYM_PREFIX = "erased-"
