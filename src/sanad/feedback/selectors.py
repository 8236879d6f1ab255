"""Reads for feedback. Tenancy lives here: `complaints_visible_to(user)`, `ratings_for_centre`.
The quality index reads its inputs through `quality_inputs` only."""

from datetime import date, timedelta

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext as _

from sanad.accounts.constants import Role
from sanad.core.errors import NotFound

from .constants import FINAL_COMPLAINT_STATES
from .models import CentreMonthFigures, Complaint, QualityScore, Rating
from .reference import parse_reference


# --- who is who -----------------------------------------------------------------------------------
def staff_centre_id(user) -> int | None:
    from sanad.cases.selectors import staff_centre_id as centre_of

    return centre_of(user)


def is_staff_of_centre(user, centre_id: int) -> bool:
    return centre_id is not None and staff_centre_id(user) == centre_id


def is_manager(user) -> bool:
    from sanad.centres.constants import StaffRole
    from sanad.centres.selectors import staff_membership

    membership = staff_membership(user)
    return membership is not None and membership.role in (StaffRole.MANAGER, StaffRole.OWNER)


def centre_managers(centre_id: int) -> list:
    from sanad.centres.constants import StaffRole
    from sanad.centres.models import StaffMembership

    return [
        m.user
        for m in StaffMembership.objects.filter(
            centre_id=centre_id, role__in=(StaffRole.MANAGER, StaffRole.OWNER), ended_on__isnull=True
        ).select_related("user")
    ]


def complaint_escalation_recipients(complaint) -> list:
    """Who hears that a complaint is overdue: its handler, or (unassigned) the regulator's staff."""
    from sanad.accounts.models import User

    if complaint.assignee_id:
        return [complaint.assignee]
    return list(User.objects.filter(role=Role.REGULATOR, is_active=True).order_by("pk")[:20])


def regulators() -> QuerySet:
    from sanad.accounts.models import User

    return User.objects.filter(role__in=(Role.REGULATOR, Role.ADMIN), is_active=True).order_by("username")


# --- ratings --------------------------------------------------------------------------------------
def case_was_completed(case) -> bool:
    from sanad.cases.constants import Action, CaseState

    return (
        case.state in (CaseState.COMPLETED, CaseState.CLOSED)
        and case.events.filter(action=Action.COMPLETE).exists()
    )


def rating_of(case) -> Rating | None:
    return Rating.objects.filter(case_id=case.pk).first()


def ratings_for_centre(user) -> QuerySet[Rating]:
    """The ratings of the signed-in staff member's own centre (no citizen identity is shown)."""
    centre_id = staff_centre_id(user)
    if centre_id is None:
        return Rating.objects.none()
    return Rating.objects.filter(centre_id=centre_id).select_related("case__service_version")


def can_moderate(user) -> bool:
    """Hiding abusive comments is the regulator's (and administrators')."""
    return bool(user is not None and user.is_authenticated and user.role in (Role.REGULATOR, Role.ADMIN))


def ratings_for_regulator(user, *, with_comment: bool = True) -> QuerySet[Rating]:
    if not can_moderate(user):
        return Rating.objects.none()
    qs = Rating.objects.select_related("centre", "hidden_by", "case")
    return qs.exclude(comment="") if with_comment else qs


def rating_summary(qs) -> dict:
    from django.db.models import Avg, Count

    return qs.aggregate(
        count=Count("pk"),
        overall=Avg("overall"),
        speed=Avg("speed"),
        courtesy=Avg("courtesy"),
        fee_clarity=Avg("fee_clarity"),
    )


# --- complaints -----------------------------------------------------------------------------------
def complaints_visible_to(user) -> QuerySet[Complaint]:
    """Citizens see their own complaints, centre staff the complaints about their centre, the
    regulator and administrators all of them. Anyone else: none."""
    qs = Complaint.objects.select_related("centre__wilayat__governorate", "case__service_version", "assignee")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role in (Role.REGULATOR, Role.ADMIN):
        return qs
    if user.role == Role.CITIZEN:
        return qs.filter(citizen=user)
    if user.role == Role.CENTRE_STAFF:
        centre_id = staff_centre_id(user)
        return qs.filter(centre_id=centre_id) if centre_id else qs.none()
    return qs.none()


def complaint_visible(complaint, user) -> bool:
    return complaints_visible_to(user).filter(pk=complaint.pk).exists()


def complaint_for(user, reference: str) -> Complaint:
    canonical = parse_reference(reference)
    complaint = complaints_visible_to(user).filter(reference=canonical).first()
    if complaint is None:
        raise NotFound(_("Complaint not found."))
    return complaint


def complaint_timeline(complaint):
    return complaint.events.select_related("actor").order_by("created_at", "pk")


def complaints_overdue(*, now) -> QuerySet[Complaint]:
    step_late = Q(due_at__lt=now) & (Q(escalated_at__isnull=True) | Q(escalated_at__lt=F("due_at")))
    centre_late = (
        Q(centre_response_due_at__lt=now)
        & Q(centre_responded_at__isnull=True)
        & (Q(escalated_at__isnull=True) | Q(escalated_at__lt=F("centre_response_due_at")))
    )
    return Complaint.objects.exclude(state__in=FINAL_COMPLAINT_STATES).filter(step_late | centre_late)


def complaint_is_overdue(complaint, now) -> bool:
    return (not complaint.is_final and complaint.due_at is not None and complaint.due_at < now) or (
        complaint.centre_response_due_at is not None
        and complaint.centre_responded_at is None
        and complaint.centre_response_due_at < now
    )


def overcharge_facts(complaint) -> dict | None:
    """For an overcharging complaint about a case: the fee snapshot against the centre's published
    price for the service and the cap of the case's service version, what was paid, and the
    overcharge that follows (baisa)."""
    from sanad.centres.models import CentreService

    case = complaint.case
    if case is None:
        return None
    from sanad.payments.selectors import case_net_paid

    published = (
        CentreService.objects.filter(centre_id=case.centre_id, service_id=case.service_id)
        .values_list("centre_fee", flat=True)
        .first()
    )
    cap = case.service_version.centre_fee_cap
    allowed = (
        min(x for x in (published, cap) if x is not None)
        if (published is not None or cap is not None)
        else None
    )
    paid = case_net_paid(case)
    over = max(case.centre_fee - allowed, 0) if allowed is not None else 0
    return {
        "charged": case.centre_fee,
        "published": published,
        "cap": cap,
        "allowed": allowed,
        "over_published": max(case.centre_fee - published, 0) if published is not None else None,
        "over_cap": max(case.centre_fee - cap, 0) if cap is not None else None,
        "overcharge": over,
        "paid_centre_fee": max(paid.centre_fee, 0),
        "paid_total": max(paid.total, 0),
        "fee": case.fee,
    }


# --- the quality index ----------------------------------------------------------------------------
def centres_scored() -> QuerySet:
    """The centres the index scores: those the public can find."""
    from sanad.centres.selectors import centres_public

    return centres_public()


def latest_inspections(*, until: date, since: date) -> dict[int, str]:
    from sanad.centres.models import Inspection

    latest: dict[int, str] = {}
    for centre_id, result in (
        Inspection.objects.filter(visited_on__gte=since, visited_on__lte=until)
        .order_by("centre_id", "visited_on", "pk")
        .values_list("centre_id", "result")
    ):
        latest[centre_id] = result
    return latest


def quality_inputs(*, period: date, formula) -> dict:
    """Each centre's formula inputs for the window ending with the month `period`, from the
    monthly figures (CentreMonthFigures today; a statistics rollup of the same shape can replace
    this one query) and the centres area's inspections."""
    from .formula import Inputs
    from .services.quality import add_months

    first = add_months(period, -(formula.window_months - 1))
    end = add_months(period, 1)
    sums = (
        CentreMonthFigures.objects.filter(month__gte=first, month__lt=end)
        .values("centre_id")
        .annotate(
            cases=Sum("cases_decided"),
            completed=Sum("cases_completed"),
            on_time=Sum("cases_on_time"),
            sent_back=Sum("cases_sent_back"),
            ratings=Sum("ratings"),
            overall_sum=Sum("overall_sum"),
            complaints_upheld=Sum("complaints_upheld"),
            tickets=Sum("tickets_called"),
            tickets_on_time=Sum("tickets_on_time"),
        )
    )
    inspections = latest_inspections(until=end - timedelta(days=1), since=end - timedelta(days=365))
    result = {}
    for row in sums:
        centre_id = row.pop("centre_id")
        result[centre_id] = Inputs(**row, inspection=inspections.get(centre_id))
    for centre_id, outcome in inspections.items():
        result.setdefault(centre_id, Inputs(inspection=outcome))
    return result


def _current_version() -> int:
    from .formula import CURRENT_VERSION

    return CURRENT_VERSION


def latest_period(*, today: date | None = None) -> date | None:
    """The month the index is published for: the latest month that has ended and has scores (the
    current month's scores are provisional until it ends: on its first days it has too few cases to
    say anything), else the current month's provisional scores when there is nothing before them."""
    from django.utils import timezone

    this_month = (today or timezone.localdate()).replace(day=1)
    qs = QualityScore.objects.filter(formula_version=_current_version()).order_by("-period")
    periods = qs.values_list("period", flat=True)
    return periods.filter(period__lt=this_month).first() or periods.first()


def centre_score(centre_id: int, period: date | None = None) -> QualityScore | None:
    """The centre's score for `period` (default: the published month, else its latest)."""
    qs = QualityScore.objects.filter(centre_id=centre_id, formula_version=_current_version())
    if period is not None:
        return qs.filter(period=period).first()
    published = latest_period()
    return (published and qs.filter(period=published).first()) or qs.order_by("-period").first()


def reason_text(reason: str, version: int | None = None) -> str:
    from .formula import by_version

    if reason == "not_enough_data":
        formula = by_version(version)
        if formula.window_months == 1:
            return _("Not enough data: fewer than %(n)s decided transactions in the month.") % {
                "n": formula.min_cases
            }
        return _("Not enough data: fewer than %(n)s decided transactions in the last %(m)s months.") % {
            "n": formula.min_cases,
            "m": formula.window_months,
        }
    if reason == "not_computed":
        return _("Not computed yet.")
    return ""


def centre_quality(centre) -> dict:
    """The centre's latest quality index, as the API shows it."""
    score = centre_score(centre.pk)
    if score is None:
        return {
            "index": None,
            "grade": None,
            "period": None,
            "formula_version": _current_version(),
            "cases": 0,
            "components": {},
            "reason": "not_computed",
            "reason_text": reason_text("not_computed"),
        }
    return {
        "index": float(score.index) if score.index is not None else None,
        "grade": score.grade or None,
        "period": score.period.strftime("%Y-%m"),
        "formula_version": score.formula_version,
        "cases": score.cases,
        "components": score.components,
        "reason": score.reason or None,
        "reason_text": reason_text(score.reason, score.formula_version) if score.reason else "",
    }


def centre_quality_trend(centre_id: int, months: int = 6) -> list[QualityScore]:
    return list(
        QualityScore.objects.filter(centre_id=centre_id, formula_version=_current_version()).order_by(
            "-period"
        )[:months]
    )[::-1]


def with_quality(qs: QuerySet) -> QuerySet:
    """Annotate centres with their index and grade of the latest computed month (for lists)."""
    period = latest_period()
    scores = QualityScore.objects.filter(
        centre_id=OuterRef("pk"), formula_version=_current_version(), period=period
    )
    return qs.annotate(
        quality_index=Subquery(scores.values("index")[:1]),
        quality_grade=Subquery(scores.values("grade")[:1]),
    )


def order_by_quality(qs: QuerySet) -> QuerySet:
    return with_quality(qs).order_by(F("quality_index").desc(nulls_last=True), "name_ar")


def quality_ranking(*, governorate: str = "", wilayat: str = "", period: date | None = None) -> dict:
    """The period's scores of every scored centre, ranked within the chosen scope and, for each
    centre, within its wilayat and its governorate. Centres without a number come last, unranked."""
    period = period or latest_period()
    if period is None:
        return {"period": None, "rows": []}
    qs = QualityScore.objects.filter(
        period=period, formula_version=_current_version(), centre__in=centres_scored().values("pk")
    )
    # Ranks within a wilayat or a governorate only need that governorate's centres.
    scope = governorate
    if wilayat:
        from sanad.geo.models import Wilayat

        scope = Wilayat.objects.filter(code=wilayat).values_list("governorate__code", flat=True).first() or ""
    if scope:
        qs = qs.filter(centre__wilayat__governorate__code=scope)
    scores = list(
        qs.select_related("centre__wilayat__governorate").order_by(
            F("index").desc(nulls_last=True), "centre__name_ar"
        )
    )

    def ranks(key) -> dict[int, int]:
        out, seen = {}, {}
        for s in scores:
            if s.index is None:
                continue
            group = key(s)
            seen[group] = seen.get(group, 0) + 1
            out[s.pk] = seen[group]
        return out

    in_wilayat = ranks(lambda s: s.centre.wilayat_id)
    in_governorate = ranks(lambda s: s.centre.wilayat.governorate_id)
    rows = [
        s
        for s in scores
        if (not governorate or s.centre.wilayat.governorate.code == governorate)
        and (not wilayat or s.centre.wilayat.code == wilayat)
    ]
    rank = 0
    for s in rows:
        s.rank_wilayat = in_wilayat.get(s.pk)
        s.rank_governorate = in_governorate.get(s.pk)
        if s.index is not None:
            rank += 1
            s.rank = rank
        else:
            s.rank = None
    return {"period": period, "rows": rows}


def latest_scores(centre_ids) -> dict[int, QualityScore]:
    """The latest computed month's score of each of these centres (for lists of centres)."""
    period = latest_period()
    if period is None:
        return {}
    return {
        s.centre_id: s
        for s in QualityScore.objects.filter(
            centre_id__in=list(centre_ids), period=period, formula_version=_current_version()
        )
    }
