"""Ratings of completed cases, complaints about centres (with their own workflow), and the monthly
figures and quality index per centre."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import (
    SCORE_MAX,
    SCORE_MIN,
    ComplaintAction,
    ComplaintKind,
    ComplaintState,
    Grade,
    RatingChannel,
)


def _score(verbose):
    return models.PositiveSmallIntegerField(verbose)


class RatingInvitation(models.Model):
    """The link sent by SMS when a case completes: only the SHA-256 of its token is stored, so the
    database alone cannot rate on anyone's behalf. Expires, and is used once."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="rating_invitation")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rating link")
        verbose_name_plural = _("rating links")

    def __str__(self):
        return f"{self.case_id} until {self.expires_at:%Y-%m-%d}"


class Rating(models.Model):
    """تقييم: the citizen's word on one completed case (one per case, enforced by the database)."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="rating")
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="ratings")
    overall = _score(_("overall"))
    speed = _score(_("speed"))
    courtesy = _score(_("courtesy"))
    fee_clarity = _score(_("fee clarity"))
    comment = models.TextField(_("comment"), blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=RatingChannel.choices)
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True, db_index=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("why hidden"), max_length=300, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        indexes = [models.Index(fields=["centre", "created_at"], name="rating_centre_time_idx")]
        constraints = [
            models.UniqueConstraint(fields=["case"], name="rating_one_per_case"),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": SCORE_MIN, f"{name}__lte": SCORE_MAX}),
                    name=f"rating_{name}_1_to_5",
                )
                for name in ("overall", "speed", "courtesy", "fee_clarity")
            ),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.overall}/5"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ComplaintSequence(models.Model):
    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Complaint(models.Model):
    """شكوى: a citizen's complaint about a centre (and perhaps one of their cases)."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("citizen"),
    )
    centre = models.ForeignKey(
        "centres.Centre", on_delete=models.PROTECT, related_name="complaints", verbose_name=_("centre")
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("transaction"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ComplaintKind.choices)
    text = models.TextField(_("what happened"))
    state = models.CharField(_("state"), max_length=16, choices=ComplaintState.choices, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("handled by"),
    )
    due_at = models.DateTimeField(_("next step due by"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)
    centre_response_due_at = models.DateTimeField(_("centre must respond by"), null=True, blank=True)
    centre_response = models.TextField(_("centre's response"), blank=True)
    centre_responded_at = models.DateTimeField(_("centre responded at"), null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, db_index=True)
    inspection = models.ForeignKey(
        "centres.Inspection", on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["centre", "state"], name="complaint_centre_state_idx"),
            models.Index(fields=["state", "due_at"], name="complaint_due_idx"),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_final(self) -> bool:
        from .constants import FINAL_COMPLAINT_STATES

        return self.state in FINAL_COMPLAINT_STATES


class ComplaintEvent(models.Model):
    """One immutable line of a complaint's history."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=ComplaintAction.choices)
    from_state = models.CharField(_("from"), max_length=16, choices=ComplaintState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=ComplaintState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")

    def __str__(self):
        return f"{self.complaint_id} {self.action} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("complaint events are immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("complaint events are immutable")


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=_private_storage, upload_to="complaints/%Y/%m/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("uploaded_at", "pk")
        verbose_name = _("complaint attachment")
        verbose_name_plural = _("complaint attachments")

    def __str__(self):
        return self.original_name


class CentreMonthFigures(models.Model):
    """One centre's figures for one calendar month (Asia/Muscat), counted from the raw rows. The
    quality index reads only these (through selectors.quality_inputs), so a statistics rollup of
    the same shape can take over without touching the formula."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="the first day of the month")
    cases_decided = models.PositiveIntegerField(default=0)  # completed or rejected by the institution
    cases_completed = models.PositiveIntegerField(default=0)
    cases_on_time = models.PositiveIntegerField(default=0)  # completed by their SLA due time
    cases_sent_back = models.PositiveIntegerField(default=0)  # decided cases sent back at least once
    ratings = models.PositiveIntegerField(default=0)
    overall_sum = models.PositiveIntegerField(default=0)
    speed_sum = models.PositiveIntegerField(default=0)
    courtesy_sum = models.PositiveIntegerField(default=0)
    fee_clarity_sum = models.PositiveIntegerField(default=0)
    complaints_received = models.PositiveIntegerField(default=0)
    complaints_upheld = models.PositiveIntegerField(default=0)  # decided as upheld in the month
    tickets_called = models.PositiveIntegerField(default=0)  # queue tickets first called in the month
    tickets_on_time = models.PositiveIntegerField(default=0)  # ...within WAIT_TARGET_MINUTES of issue
    wait_seconds_sum = models.PositiveBigIntegerField(default=0)  # their waits, issue to first call
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("centre month figures")
        verbose_name_plural = _("centre month figures")
        constraints = [
            models.UniqueConstraint(fields=["centre", "month"], name="centre_month_figures_unique")
        ]
        indexes = [models.Index(fields=["month"], name="centre_month_figures_month_idx")]

    def __str__(self):
        return f"{self.centre_id} {self.month:%Y-%m}"


class QualityScore(models.Model):
    """The quality index of one centre for one month, by one version of the published formula.
    `index` is null (with a reason) when there is not enough data."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.CASCADE, related_name="quality_scores")
    period = models.DateField(help_text="the first day of the month")
    formula_version = models.PositiveSmallIntegerField()
    index = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(max_length=1, choices=Grade.choices, blank=True)
    cases = models.PositiveIntegerField(default=0)
    components = models.JSONField(default=dict)
    reason = models.CharField(max_length=200, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-period", "centre_id")
        verbose_name = _("quality score")
        verbose_name_plural = _("quality scores")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "period", "formula_version"], name="quality_score_unique"
            )
        ]
        indexes = [models.Index(fields=["period", "formula_version"], name="quality_period_idx")]

    def __str__(self):
        return f"{self.centre_id} {self.period:%Y-%m}: {self.index}"
