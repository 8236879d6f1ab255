"""The quality index: count each centre's monthly figures from the raw rows (cases, ratings,
complaints, queue tickets), then score every listed centre by a version of the formula (the one in
force unless another is named). Both are idempotent: running them again for a month replaces that
month's rows of that version, and leaves the other versions' rows as they were."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from .. import formula as formulas
from .. import selectors
from ..constants import WAIT_TARGET_MINUTES, ComplaintState
from ..models import CentreMonthFigures, Complaint, QualityScore, Rating

MONTH_FIELDS = (
    "cases_decided",
    "cases_completed",
    "cases_on_time",
    "cases_sent_back",
    "ratings",
    "overall_sum",
    "speed_sum",
    "courtesy_sum",
    "fee_clarity_sum",
    "complaints_received",
    "complaints_upheld",
    "tickets_called",
    "tickets_on_time",
    "wait_seconds_sum",
)


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month in Asia/Muscat, as aware datetimes [start, end)."""
    tz = timezone.get_default_timezone()
    start = datetime.combine(month_start(month), time(0), tz)
    end = datetime.combine(add_months(month, 1), time(0), tz)
    return start, end


def figures_compute(*, month: date) -> int:
    """Count every centre's figures for `month` from the raw rows; returns how many centres had any."""
    from sanad.cases.constants import Action
    from sanad.cases.models import CaseEvent

    month = month_start(month)
    start, end = month_bounds(month)
    rows: dict[int, dict] = {}

    def row(centre_id: int) -> dict:
        return rows.setdefault(centre_id, dict.fromkeys(MONTH_FIELDS, 0))

    sent_back = CaseEvent.objects.filter(case_id=OuterRef("case_id"), action=Action.SEND_BACK)
    decided = (
        CaseEvent.objects.filter(
            action__in=(Action.COMPLETE, Action.REJECT), created_at__gte=start, created_at__lt=end
        )
        .annotate(was_sent_back=Exists(sent_back))
        .values("case__centre_id")
        .annotate(
            decided=Count("case_id", distinct=True),
            completed=Count("case_id", filter=Q(action=Action.COMPLETE), distinct=True),
            on_time=Count(
                "case_id",
                filter=Q(action=Action.COMPLETE, created_at__lte=F("case__sla_due_at")),
                distinct=True,
            ),
            sent_back=Count("case_id", filter=Q(was_sent_back=True), distinct=True),
        )
    )
    for r in decided:
        target = row(r["case__centre_id"])
        target.update(
            cases_decided=r["decided"],
            cases_completed=r["completed"],
            cases_on_time=r["on_time"],
            cases_sent_back=r["sent_back"],
        )
    ratings = (
        Rating.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("centre_id")
        .annotate(n=Count("pk"), o=Sum("overall"), s=Sum("speed"), c=Sum("courtesy"), f=Sum("fee_clarity"))
    )
    for r in ratings:
        row(r["centre_id"]).update(
            ratings=r["n"], overall_sum=r["o"], speed_sum=r["s"], courtesy_sum=r["c"], fee_clarity_sum=r["f"]
        )
    for r in (
        Complaint.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("centre_id")
        .annotate(n=Count("pk"))
    ):
        row(r["centre_id"])["complaints_received"] = r["n"]
    upheld = Complaint.objects.filter(state=ComplaintState.UPHELD, decided_at__gte=start, decided_at__lt=end)
    for r in upheld.values("centre_id").annotate(n=Count("pk")):
        row(r["centre_id"])["complaints_upheld"] = r["n"]
    for centre_id, values in _queue_waits(start, end).items():
        row(centre_id).update(values)
    with transaction.atomic():
        CentreMonthFigures.objects.filter(month=month).delete()
        CentreMonthFigures.objects.bulk_create(
            [CentreMonthFigures(centre_id=pk, month=month, **values) for pk, values in rows.items()],
            batch_size=1000,
        )
    return len(rows)


def _queue_waits(start: datetime, end: datetime) -> dict[int, dict]:
    """Per centre, the tickets first called to a counter in [start, end): how many, how many within
    the target wait, and their waits added up (seconds). A ticket that was never called (cancelled,
    or still waiting) has no wait to count. Counted in Python from two timestamps per ticket (a
    month of the whole network is some 80,000 rows): timestamp arithmetic in SQL differs between
    PostgreSQL and SQLite."""
    from sanad.queueing.models import Ticket

    target = timedelta(minutes=WAIT_TARGET_MINUTES).total_seconds()
    out: dict[int, dict] = {}
    tickets = Ticket.objects.filter(first_called_at__gte=start, first_called_at__lt=end)
    for centre_id, issued, called in tickets.values_list("centre_id", "issued_at", "first_called_at"):
        wait = max((called - issued).total_seconds(), 0.0)
        row = out.setdefault(centre_id, {"tickets_called": 0, "tickets_on_time": 0, "wait_seconds_sum": 0.0})
        row["tickets_called"] += 1
        row["tickets_on_time"] += wait <= target
        row["wait_seconds_sum"] += wait
    for row in out.values():
        row["wait_seconds_sum"] = round(row["wait_seconds_sum"])
    return out


def quality_compute(*, period: date, refresh_figures: bool = True, version: int | None = None) -> int:
    """Score every listed centre for the month `period` by the formula of `version` (the one in
    force by default; its window ends with that month). Returns how many centres got a number."""
    formula = formulas.by_version(version)
    period = month_start(period)
    if refresh_figures:
        for back in range(formula.window_months):
            figures_compute(month=add_months(period, -back))
    inputs = selectors.quality_inputs(period=period, formula=formula)
    centre_ids = list(selectors.centres_scored().values_list("pk", flat=True))
    scores = []
    for centre_id in centre_ids:
        result = formulas.compute(inputs.get(centre_id, formulas.Inputs()), formula)
        scores.append(
            QualityScore(
                centre_id=centre_id,
                period=period,
                formula_version=formula.version,
                index=result.index,
                grade=result.grade,
                cases=inputs.get(centre_id, formulas.Inputs()).cases,
                components=result.components,
                reason=result.reason,
            )
        )
    with transaction.atomic():
        QualityScore.objects.filter(period=period, formula_version=formula.version).delete()
        QualityScore.objects.bulk_create(scores, batch_size=1000)
    return sum(1 for s in scores if s.index is not None)


def quality_compute_latest(*, today: date | None = None) -> int:
    """The scheduled run: the month that just ended, and the current month so far (provisional
    until it ends; recomputed every day)."""
    today = today or timezone.localdate()
    this_month = month_start(today)
    quality_compute(period=add_months(this_month, -1))
    return quality_compute(period=this_month)
