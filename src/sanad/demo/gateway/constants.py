from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    SUCCEED = "succeed", _("Succeed")
    DECLINE = "decline", _("Decline the card")
    TIMEOUT = "timeout", _("Time out (the money is taken, the callback is lost)")
    LATE = "late", _("Callback arrives late")
    TWICE = "twice", _("Callback sent twice")


class SessionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the payer")
    SUCCEEDED = "succeeded", _("Paid")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled by the payer")
    EXPIRED = "expired", _("Expired")
