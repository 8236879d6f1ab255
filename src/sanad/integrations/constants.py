from django.db import models
from django.utils.translation import gettext_lazy as _


class ConnectorKind(models.TextChoices):
    WEBHOOK = "webhook", _("Webhook (the institution's system)")
    PORTAL = "portal", _("Portal inbox (the institution's officers)")


class Health(models.TextChoices):
    UP = "up", _("Answering")
    DEGRADED = "degraded", _("Failing sometimes")
    DOWN = "down", _("Not answering")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    DELIVERING = "delivering", _("Being sent")
    DELIVERED = "delivered", _("Delivered")
    NEEDS_ATTENTION = "needs_attention", _("Needs attention")


NOT_SENT = "not_sent"  # a case that never went to the institution (no Submission row)


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    MORE_INFO = "more_info", _("More information needed")


# Decision → the workflow action it applies (cases/workflow.py).
DECISION_ACTION = {
    Decision.APPROVE: "complete",
    Decision.REJECT: "reject",
    Decision.MORE_INFO: "request_info",
}


class Direction(models.TextChoices):
    OUT = "out", _("Sent to the institution")
    IN = "in", _("Received from the institution")


# Standard Webhooks headers (https://www.standardwebhooks.com/).
HEADER_ID = "webhook-id"
HEADER_TIMESTAMP = "webhook-timestamp"
HEADER_SIGNATURE = "webhook-signature"
SIGNATURE_TOLERANCE_SECONDS = 5 * 60
