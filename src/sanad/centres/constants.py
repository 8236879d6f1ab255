from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LicenceState(models.TextChoices):
    """Where a centre's licence stands. The transitions between them are in licensing.py."""

    SUBMITTED = "submitted", pgettext_lazy("licence state", "Application submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("licence state", "Under review")
    INTERVIEW_SCHEDULED = "interview_scheduled", pgettext_lazy("licence state", "Interview scheduled")
    INTERVIEWED = "interviewed", pgettext_lazy("licence state", "Interview passed")
    INITIALLY_APPROVED = "initially_approved", pgettext_lazy("licence state", "Initially approved")
    FITOUT_PASSED = "fitout_passed", pgettext_lazy("licence state", "Fit-out inspection passed")
    ACTIVE = "active", pgettext_lazy("licence state", "Licensed")
    SUSPENDED = "suspended", pgettext_lazy("licence state", "Suspended")
    EXPIRED = "expired", pgettext_lazy("licence state", "Expired")
    REVOKED = "revoked", pgettext_lazy("licence state", "Revoked")
    REJECTED = "rejected", pgettext_lazy("licence state", "Application rejected")


APPLICATION_STATES = (
    LicenceState.SUBMITTED,
    LicenceState.UNDER_REVIEW,
    LicenceState.INTERVIEW_SCHEDULED,
    LicenceState.INTERVIEWED,
    LicenceState.INITIALLY_APPROVED,
    LicenceState.FITOUT_PASSED,
)
# A centre that once held a licence (its owners are taken) or is on its way to one.
LIVE_STATES = (*APPLICATION_STATES, LicenceState.ACTIVE, LicenceState.SUSPENDED, LicenceState.EXPIRED)


class LicenceAction(models.TextChoices):
    APPLY = "apply", _("Apply for a licence")
    START_REVIEW = "start_review", _("Start the review")
    SCHEDULE_INTERVIEW = "schedule_interview", _("Schedule the interview")
    RECORD_INTERVIEW = "record_interview", _("Record a passed interview")
    APPROVE_INITIAL = "approve_initial", _("Give initial approval")
    PASS_FITOUT = "pass_fitout", _("Record a passed fit-out inspection")
    FAIL_FITOUT = "fail_fitout", _("Record a failed fit-out inspection")
    ISSUE = "issue", _("Give final approval and issue the licence")
    RENEW = "renew", _("Renew for one year")
    TRANSFER = "transfer", _("Transfer to another owner")
    SUSPEND = "suspend", _("Suspend")
    REINSTATE = "reinstate", _("Lift the suspension")
    REVOKE = "revoke", _("Revoke")
    REJECT = "reject", _("Reject the application")
    EXPIRE = "expire", _("Expire")


class Actor(models.TextChoices):
    """Who may take a licensing action (see licensing.py)."""

    APPLICANT = "applicant", _("Applicant")
    OWNER = "owner", _("Owner")
    REGULATOR = "regulator", _("Regulator")
    SYSTEM = "system", _("System")


class StaffRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    CLERK = "clerk", _("Clerk")


MANAGING_ROLES = (StaffRole.OWNER, StaffRole.MANAGER)


class Weekday(models.IntegerChoices):
    """Python's date.weekday() numbering; shown from Sunday (Oman's week starts on Sunday)."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


WEEK_ORDER = (6, 0, 1, 2, 3, 4, 5)  # Sunday first
WORKING_WEEKDAYS = frozenset({6, 0, 1, 2, 3})  # Sunday to Thursday
MINUTES_PER_DAY = 24 * 60


class InspectionKind(models.TextChoices):
    FITOUT = "fitout", _("Fit-out inspection")
    ROUTINE = "routine", _("Routine visit")
    COMPLAINT = "complaint", _("Visit after a complaint")


class InspectionResult(models.TextChoices):
    PASSED = "passed", pgettext_lazy("inspection result", "Passed")
    FAILED = "failed", pgettext_lazy("inspection result", "Failed")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


# The regulator's inspection checklist: code -> label. Stored per visit as {code: true/false}.
CHECKLIST = {
    "licence_displayed": _("Licence displayed where customers can see it"),
    "fees_displayed": _("Centre fees displayed and within the caps"),
    "owner_present": _("Owner present and working full time in the centre"),
    "staff_omani": _("Counter staff are Omani nationals"),
    "counters_ready": _("Counters, computers and printers ready"),
    "accessible": _("Accessible entrance for people with disabilities"),
    "waiting_area": _("Clean waiting area with seating"),
    "documents_secure": _("Citizens' documents kept securely"),
    "receipts_issued": _("Numbered receipts issued for every payment"),
    "hours_kept": _("Published opening hours kept"),
}

# Licences run for one year; reminders go out this many days before expiry.
LICENCE_TERM_DAYS = 365
RENEWAL_WINDOW_DAYS = 90
REMINDER_DAYS = (90, 60, 30, 7)
EXPIRING_WINDOWS = (30, 60, 90)

# Eligibility of an owner (Sanad centre rules: young Omanis working full time in their centre).
OWNER_MIN_AGE = 18
OWNER_MAX_AGE = 55
MAX_PARTNERS = 4
MAX_COUNTERS = 50
