"""What the rollups count. One list of measures serves the models, the incremental updates, the
rebuild and the verification, so the four cannot drift apart."""

from django.utils.translation import gettext_lazy as _

# Completion and decision times are kept as histograms (hours, wall clock) so that medians and
# percentiles over any selection are sums of rows, not scans of cases.
BUCKET_EDGES = (1, 2, 4, 8, 12, 24, 48, 72, 96, 120, 168, 240, 336, 504, 720)  # upper bounds, hours
BUCKETS = len(BUCKET_EDGES) + 1
COMPLETION_BUCKETS = tuple(f"c{i:02d}" for i in range(BUCKETS))  # opened → completed
DECISION_BUCKETS = tuple(f"d{i:02d}" for i in range(BUCKETS))  # with the institution → its decision

COUNTS = ("opened", "submitted", "completed", "rejected", "cancelled", "on_time", "late")
MONEY = (
    "payments",
    "paid_government_fee",
    "paid_centre_fee",
    "paid_vat",
    "refunds",
    "refunded_government_fee",
    "refunded_centre_fee",
    "refunded_vat",
)
MEASURES = COUNTS + MONEY + COMPLETION_BUCKETS + DECISION_BUCKETS
CLERK_MEASURES = ("opened", "completed")

MAX_PERIOD_DAYS = 3653  # ten years, leap days included
SMALL_CELL = 5  # open data: fewer than this many cases is shown as "<5"
OPEN_DATA_LICENCE = "CC-BY-4.0"
OPEN_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

LABELS = {
    "opened": _("Transactions"),
    "submitted": _("Submitted to the institution"),
    "completed": _("Completed"),
    "rejected": _("Rejected"),
    "cancelled": _("Cancelled"),
    "on_time": _("Completed on time"),
    "late": _("Completed late"),
}


def bucket_of(hours: float) -> int:
    for index, edge in enumerate(BUCKET_EDGES):
        if hours < edge:
            return index
    return len(BUCKET_EDGES)
