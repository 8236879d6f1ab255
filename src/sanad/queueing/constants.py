from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A called ticket whose citizen does not come to the counter within this many minutes may be
# marked as a no-show (settings.QUEUE_NO_SHOW_MINUTES overrides).
NO_SHOW_MINUTES = 3
# Priority tickets are called before ordinary ones in their line, but never more than this many in a
# row while an ordinary ticket waits (so a stream of priority tickets cannot starve the line).
PRIORITY_RUN = 2
# The wait estimate uses the service times of the last tickets served in the line today...
ESTIMATE_SAMPLE = 10
# ...and, before there are any, this typical service time (minutes).
DEFAULT_SERVICE_MINUTES = 8
# An SMS tells the citizen their turn is near when this many tickets are ahead of theirs.
NEAR_TURN_AHEAD = 3

# Appointments.
SLOT_MINUTES = 15
ARRIVAL_EARLY_MINUTES = 30
ARRIVAL_LATE_MINUTES = 10
NO_SHOW_LIMIT = 3
NO_SHOW_WINDOW_DAYS = 90
NO_SHOW_BLOCK_DAYS = 30
BOOKING_HORIZON_DAYS = 30

# Online requests to "any centre near me".
DISPATCH_RING_SIZE = 3
DISPATCH_RING_MINUTES = 30
DISPATCH_MAX_RINGS = 4
# A centre holding this many open offers is skipped while another centre in reach holds fewer.
DISPATCH_OPEN_OFFERS_PER_COUNTER = 3


class Priority(models.TextChoices):
    ELDERLY = "elderly", _("Aged 60 or over")
    DISABILITY = "disability", _("Person with a disability")
    PREGNANCY = "pregnancy", _("Pregnancy")


class TicketState(models.TextChoices):
    WAITING = "waiting", pgettext_lazy("ticket", "Waiting")
    CALLED = "called", _("Called")
    HELD = "held", _("On hold")
    DONE = "done", _("Served")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", pgettext_lazy("ticket", "Cancelled")


ACTIVE_TICKET_STATES = (TicketState.WAITING, TicketState.CALLED, TicketState.HELD)


class TicketSource(models.TextChoices):
    KIOSK = "kiosk", _("Kiosk")
    PHONE = "phone", _("Phone")
    CLERK = "clerk", _("Clerk")
    APPOINTMENT = "appointment", _("Appointment")


class TicketClass(models.IntegerChoices):
    """The order classes within a line: a checked-in appointment, a priority reason, everyone else."""

    APPOINTMENT = 0, _("Appointment")
    PRIORITY = 1, _("Priority")
    ORDINARY = 2, _("Ordinary")


class AppointmentState(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CHECKED_IN = "checked_in", _("Checked in")
    LATE = "late", _("Arrived late (walk-in)")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", pgettext_lazy("appointment", "Cancelled")


# States that hold a seat in a slot.
SEAT_STATES = (AppointmentState.BOOKED, AppointmentState.CHECKED_IN)


class DispatchState(models.TextChoices):
    OFFERED = "offered", _("Offered to centres")
    CLAIMED = "claimed", _("Claimed by a centre")
    UNCLAIMED = "unclaimed", _("No centre took it")
    CANCELLED = "cancelled", pgettext_lazy("request", "Cancelled")
