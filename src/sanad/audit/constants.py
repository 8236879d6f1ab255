from django.db import models
from django.utils.translation import gettext_lazy as _


class Operation(models.TextChoices):
    """What an audit entry records: a write (create, update, delete) or a read of personal data."""

    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    READ = "read", _("Opened")
    DOWNLOAD = "download", _("Downloaded")
    EXPORT = "export", _("Exported")


READ_OPERATIONS = (Operation.READ, Operation.DOWNLOAD, Operation.EXPORT)


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    ADMIN = "admin", _("Administration")
    SYSTEM = "system", _("System")


class RequestState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


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
