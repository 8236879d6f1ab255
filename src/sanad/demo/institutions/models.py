from django.db import models


class Mode(models.TextChoices):
    UP = "up", "up"
    DOWN = "down", "down"
    SLOW = "slow", "slow"
    FLAKY = "flaky", "flaky"


class DecisionMode(models.TextChoices):
    APPROVE = "approve", "approve"
    REJECT = "reject", "reject"
    MORE_INFO = "more_info", "more_info"
    RANDOM = "random", "random"


class SimulatedInstitution(models.Model):
    code = models.CharField(max_length=12, unique=True)
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.UP)
    decision = models.CharField(max_length=10, choices=DecisionMode.choices, default=DecisionMode.APPROVE)
    delay_seconds = models.PositiveIntegerField(default=20)
    duplicates = models.PositiveIntegerField(default=0)  # second filings of one submission: must stay 0

    def __str__(self):
        return f"{self.code} ({self.mode})"


class ReceivedSubmission(models.Model):
    """One file opened at the simulated institution (one per case reference and submission number)."""

    institution = models.ForeignKey(SimulatedInstitution, on_delete=models.CASCADE, related_name="received")
    reference = models.CharField(max_length=40)
    submission_number = models.PositiveSmallIntegerField()
    idempotency_key = models.CharField(max_length=80)
    webhook_id = models.CharField(max_length=120)
    callback_url = models.CharField(max_length=500)
    deliveries = models.PositiveIntegerField(default=1)  # POSTs received for it (retries included)
    institution_reference = models.CharField(max_length=40)
    decision = models.CharField(max_length=10, blank=True)
    decided = models.BooleanField(default=False)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "reference", "submission_number"], name="demo_one_file"
            )
        ]

    def __str__(self):
        return f"{self.reference}:{self.submission_number}"
