from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

RATING_LINK_DAYS = 14
SCORE_MIN, SCORE_MAX = 1, 5
COMMENT_MAX = 1000
COMPLAINT_TEXT_MAX = 4000
COMPLAINT_ATTACHMENTS_MAX = 5
ATTACHMENT_FORMATS = ("pdf", "jpg", "png")
ATTACHMENT_MAX_KB = 5120
# The quality index's waiting-time component: a ticket called to a counter within this many minutes
# of being issued was served on time.
WAIT_TARGET_MINUTES = 20


class RatingChannel(models.TextChoices):
    LINK = "link", _("SMS link")
    PORTAL = "portal", _("Citizen portal")
    API = "api", _("API")


class ComplaintKind(models.TextChoices):
    OVERCHARGING = "overcharging", _("Overcharging")
    DELAY = "delay", _("Delay")
    CONDUCT = "conduct", _("Conduct of staff")
    ORIGINAL = "original", _("Original document lost or withheld")
    OTHER = "other", _("Other")


class ComplaintState(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    INVESTIGATING = "investigating", _("Under investigation")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")
    RESOLVED = "resolved", _("Resolved with the centre")


FINAL_COMPLAINT_STATES = (ComplaintState.UPHELD, ComplaintState.DISMISSED, ComplaintState.RESOLVED)


class ComplaintAction(models.TextChoices):
    FILE = "file", pgettext_lazy("complaint", "Filed")
    ASSIGN = "assign", _("Assign")
    INVESTIGATE = "investigate", _("Start investigating")
    ASK_CENTRE = "ask_centre", _("Ask the centre to respond")
    CENTRE_RESPOND = "centre_respond", _("Centre's response")
    UPHOLD = "uphold", _("Uphold")
    DISMISS = "dismiss", _("Dismiss")
    RESOLVE = "resolve", _("Resolved with the centre")
    ESCALATE = "escalate", _("Escalated: past its deadline")
    REFUND = "refund", _("Refund ordered")
    VIOLATION = "violation", _("Violation recorded")


class ComplaintActor(models.TextChoices):
    REGULATOR = "regulator", _("The regulator")
    CENTRE = "centre", _("The centre")
    SYSTEM = "system", _("Sanad")


class Grade(models.TextChoices):
    A = "A", _("Excellent")
    B = "B", _("Very good")
    C = "C", _("Good")
    D = "D", _("Fair")
    E = "E", _("Weak")
