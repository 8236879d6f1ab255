"""Walk-in lines, counters and tickets; appointments; online requests offered to nearby centres."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .constants import (
    SEAT_STATES,
    AppointmentState,
    DispatchState,
    Priority,
    TicketClass,
    TicketSource,
    TicketState,
)


def _english() -> bool:
    return (get_language() or "ar").startswith("en")


def _token() -> str:
    return secrets.token_urlsafe(12)


class Line(models.Model):
    """A queue at one centre (letter A, B, …) serving some services; the default line takes the rest."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.CASCADE, related_name="lines")
    code = models.CharField(_("letter"), max_length=2)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    services = models.ManyToManyField("catalogue.Service", blank=True, related_name="+")
    is_default = models.BooleanField(_("takes services of no other line"), default=False)
    # A closed line gives no new tickets (its services go to the default line); those already
    # waiting in it are still called.
    is_open = models.BooleanField(_("open to new tickets"), default=True)

    class Meta:
        ordering = ("centre", "code")
        verbose_name = _("line")
        verbose_name_plural = _("lines")
        constraints = [models.UniqueConstraint(fields=("centre", "code"), name="queueing_line_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_ar


class LineDay(models.Model):
    """A line's counters for one day: the last number given and the run of priority calls.
    Locked to take the next number, so two tickets never share one."""

    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)
    priority_run = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("line", "day"), name="queueing_line_day")]

    def __str__(self):
        return f"{self.line_id} {self.day}: {self.last_number}"


class Counter(models.Model):
    """A counter (شباك) a clerk signs on to; it serves the lines assigned to it."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.CASCADE, related_name="queue_counters")
    name = models.CharField(_("name"), max_length=40)
    lines = models.ManyToManyField(Line, related_name="counters", verbose_name=_("lines"))
    takes_appointments = models.BooleanField(_("serves appointments"), default=True)
    # A closed counter cannot be signed on to and gives no appointment places.
    is_open = models.BooleanField(_("in use"), default=True)
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed-on clerk"),
    )
    signed_on_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("centre", "name")
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [
            models.UniqueConstraint(fields=("centre", "name"), name="queueing_counter_name"),
            models.UniqueConstraint(
                fields=("clerk",), condition=Q(clerk__isnull=False), name="queueing_one_counter_per_clerk"
            ),
        ]

    def __str__(self):
        return self.name


class Ticket(models.Model):
    """تذكرة انتظار: a number in a line for one day (A-017)."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.CASCADE, related_name="tickets")
    line = models.ForeignKey(Line, on_delete=models.PROTECT, related_name="tickets")
    service = models.ForeignKey(
        "catalogue.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    day = models.DateField(_("day"))
    number = models.PositiveIntegerField(_("number"))
    klass = models.PositiveSmallIntegerField(choices=TicketClass.choices, default=TicketClass.ORDINARY)
    priority = models.CharField(_("priority"), max_length=16, choices=Priority.choices, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=TicketState.choices, default=TicketState.WAITING
    )
    source = models.CharField(_("taken at"), max_length=16, choices=TicketSource.choices)
    counter = models.ForeignKey(Counter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets"
    )
    mobile = models.CharField(_("mobile (E.164)"), max_length=20, blank=True)
    language = models.CharField(max_length=8, default="ar")
    token = models.CharField(max_length=32, default=_token, unique=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    # Order within its class: the arrival time, kept when the ticket is transferred or recalled.
    queued_at = models.DateTimeField(default=timezone.now)
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    first_called_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    estimate_minutes = models.PositiveIntegerField(null=True, blank=True)  # shown when it was issued
    near_turn_sent = models.BooleanField(default=False)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="ticket"
    )
    appointment = models.OneToOneField(
        "queueing.Appointment", on_delete=models.SET_NULL, null=True, blank=True, related_name="ticket"
    )

    class Meta:
        ordering = ("day", "line", "number")
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [
            models.UniqueConstraint(fields=("line", "day", "number"), name="queueing_ticket_number")
        ]
        indexes = [
            models.Index(fields=["line", "state", "klass", "queued_at"], name="queueing_ticket_next_idx"),
            models.Index(fields=["centre", "day", "state"], name="queueing_ticket_day_idx"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.line.code}-{self.number:03d}"


class Appointment(models.Model):
    """A booked slot for one service at one centre. `seat` numbers the places in the slot; a unique
    key over the held seats is what lets exactly one of two simultaneous bookings take the last one."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.CASCADE, related_name="appointments")
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    start = models.DateTimeField(_("starts at"))
    end = models.DateTimeField(_("ends at"))
    seat = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(
        _("state"), max_length=16, choices=AppointmentState.choices, default=AppointmentState.BOOKED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("start", "id")
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.UniqueConstraint(
                fields=("centre", "service", "start", "seat"),
                condition=Q(state__in=SEAT_STATES),
                name="queueing_one_booking_per_seat",
            ),
            models.UniqueConstraint(
                fields=("citizen", "service"),
                condition=Q(state=AppointmentState.BOOKED),
                name="queueing_one_upcoming_per_service",
            ),
        ]
        indexes = [models.Index(fields=["centre", "start"], name="queueing_appointment_day_idx")]

    def __str__(self):
        return f"{self.centre_id} {self.service_id} {self.start:%Y-%m-%d %H:%M}"


class DispatchRequest(models.Model):
    """An online request to "any centre near me": offered ring by ring to the nearest open centres
    that offer the service; the first clerk who accepts claims it, and only then is the case opened
    (at that centre), so a case always belongs to exactly one centre."""

    citizen = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+")
    form_data = models.JSONField(default=dict, blank=True)
    government_fee = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    language = models.CharField(max_length=8, default="ar")
    state = models.CharField(max_length=16, choices=DispatchState.choices, default=DispatchState.OFFERED)
    ring = models.PositiveSmallIntegerField(default=1)
    ring_started_at = models.DateTimeField(default=timezone.now)
    claimed_centre = models.ForeignKey(
        "centres.Centre", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    case = models.OneToOneField(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="dispatch"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("online request to a nearby centre")
        verbose_name_plural = _("online requests to nearby centres")

    def __str__(self):
        return f"#{self.pk} {self.service_id} ({self.state})"


class DispatchOffer(models.Model):
    request = models.ForeignKey(DispatchRequest, on_delete=models.CASCADE, related_name="offers")
    centre = models.ForeignKey("centres.Centre", on_delete=models.CASCADE, related_name="+")
    ring = models.PositiveSmallIntegerField()
    distance_km = models.FloatField()
    offered_at = models.DateTimeField(default=timezone.now)
    is_open = models.BooleanField(default=True)

    class Meta:
        ordering = ("request", "ring", "distance_km")
        constraints = [models.UniqueConstraint(fields=("request", "centre"), name="queueing_one_offer")]
        indexes = [models.Index(fields=["centre", "is_open"], name="queueing_offer_open_idx")]

    def __str__(self):
        return f"{self.request_id} → {self.centre_id}"
