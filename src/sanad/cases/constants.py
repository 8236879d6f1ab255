from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_CITIZEN = "awaiting_citizen", _("Awaiting citizen")
    SUBMITTED_TO_INSTITUTION = "submitted_to_institution", _("With the institution")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    CLOSED = "closed", pgettext_lazy("case state", "Closed")  # not the centres' "Closed" (hours)


OPEN_STATES = (
    CaseState.SUBMITTED,
    CaseState.ACCEPTED,
    CaseState.IN_PROGRESS,
    CaseState.AWAITING_CITIZEN,
    CaseState.SUBMITTED_TO_INSTITUTION,
)
FINAL_STATES = (CaseState.CANCELLED, CaseState.CLOSED)


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    ONLINE = "online", _("Online request")


class Action(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMIT = "submit", _("Submit request")
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    START = "start", _("Start work")
    SEND_BACK = "send_back", _("Send back to the citizen")
    RESPOND = "respond", _("Respond")
    SUBMIT_TO_INSTITUTION = "submit_to_institution", _("Submit to the institution")
    COMPLETE = "complete", _("Record completion")
    REJECT = "reject", _("Record rejection")
    REQUEST_INFO = "request_info", _("Ask for more information")
    CORRECT = "correct", _("Correct and resubmit")
    CLOSE = "close", _("Close")
    CANCEL = "cancel", _("Cancel")
    EXPIRE = "expire", _("Cancel: citizen did not respond in time")
    FEE_CHANGED = "fee_changed", _("Fee changed")


class Actor(models.TextChoices):
    """Who may take an action on a case, relative to that case."""

    CITIZEN = "citizen", _("The citizen")
    STAFF = "staff", _("Centre staff")
    SYSTEM = "system", _("Sanad")
    INSTITUTION = "institution", _("The institution")


class CustodyItemType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    CIVIL_ID_CARD = "civil_id_card", _("Civil ID card")
    RESIDENT_CARD = "resident_card", _("Resident card")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    VEHICLE_REGISTRATION_CARD = "vehicle_registration_card", _("Vehicle registration card (mulkiya)")
    OTHER = "other", _("Other original document")


class DocumentRole(models.TextChoices):
    REQUIRED = "required", _("Submitted by the citizen")
    OUTCOME = "outcome", _("Issued by the institution")


SEND_BACK_DAYS = 30
