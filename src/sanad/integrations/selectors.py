"""Reads of the integration area. Who sees what: a case's delivery and message log follow the case's
own visibility (cases_visible_to); the operators' view is the regulator's and the admins' (all) or an
officer's (their institution)."""

from datetime import timedelta

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from sanad.accounts.constants import Role

from .constants import NOT_SENT, ConnectorKind, DeliveryState, Direction, Health
from .models import Connector, MessageLog, Submission

PREFETCHED = "submissions_newest_first"


def with_delivery(cases: QuerySet) -> QuerySet:
    """`cases` with their submissions read in one query for the whole page (not one per row), for
    `case_delivery`."""
    return cases.prefetch_related(
        Prefetch("submissions", queryset=Submission.objects.order_by("-number"), to_attr=PREFETCHED)
    )


def case_submission(case) -> Submission | None:
    prefetched = getattr(case, PREFETCHED, None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return Submission.objects.filter(case=case).order_by("-number").first()


def case_delivery(case, submission: Submission | None = ...) -> dict:
    """The `delivery` object of a case in the API (no query if the case came through
    `with_delivery`)."""
    if submission is ...:
        submission = case_submission(case)
    if submission is None:
        return {"state": NOT_SENT, "attempts": 0, "institution_reference": "", "last_error": ""}
    return {
        "state": submission.state,
        "attempts": submission.attempts,
        "institution_reference": submission.institution_reference or case.institution_reference,
        "last_error": submission.last_error,
    }


def case_messages(case):
    return MessageLog.objects.filter(case=case).order_by("created_at", "pk")


def degraded_connectors():
    return (
        Connector.objects.filter(kind=ConnectorKind.WEBHOOK, is_active=True)
        .exclude(health=Health.UP)
        .select_related("institution")
    )


def connectors_visible_to(user):
    qs = Connector.objects.select_related("institution")
    if user is None or not user.is_authenticated:
        return qs.none()
    if user.role in (Role.REGULATOR, Role.ADMIN):
        return qs
    if user.role == Role.INSTITUTION_OFFICER:
        from sanad.cases.selectors import officer_institution_id

        return qs.filter(institution_id=officer_institution_id(user))
    return qs.none()


def operator_view(user, *, now=None) -> list[dict]:
    """Per institution: connector, health, queue depth and age, the last day's results."""
    now = now or timezone.now()
    day = now - timedelta(hours=24)
    waiting = (DeliveryState.QUEUED, DeliveryState.DELIVERING)
    connectors = list(connectors_visible_to(user))
    ids = [c.institution_id for c in connectors]
    queues = {
        row["institution_id"]: row
        for row in Submission.objects.filter(institution_id__in=ids, state__in=waiting)
        .values("institution_id")
        .annotate(n=Count("pk"), oldest=Min("queued_at"))
    }
    results = {
        row["institution_id"]: row
        for row in MessageLog.objects.filter(
            institution_id__in=ids, direction=Direction.OUT, created_at__gte=day
        )
        .values("institution_id")
        .annotate(
            n_ok=Count("pk", filter=Q(ok=True)),
            n_failed=Count("pk", filter=Q(ok=False)),
        )
    }
    rows = []
    for connector in connectors:
        queue, result = queues.get(connector.institution_id, {}), results.get(connector.institution_id, {})
        oldest = queue.get("oldest")
        rows.append(
            {
                "code": connector.institution.code,
                "connector": connector.kind,
                "health": connector.health,
                "queued": queue.get("n", 0),
                "oldest_queued_seconds": int((now - oldest).total_seconds()) if oldest else 0,
                "delivered_24h": result.get("n_ok", 0),
                "failed_24h": result.get("n_failed", 0),
                "last_success_at": connector.last_success_at,
            }
        )
    return rows


def inbox_cases(user, *, view: str = "waiting", service: str = "", q: str = ""):
    """The officer's inbox: the cases that reached their institution (cases_visible_to does the
    tenancy), waiting for a decision or decided."""
    from sanad.cases.constants import CaseState
    from sanad.cases.reference import parse_reference
    from sanad.cases.selectors import cases_visible_to

    qs = cases_visible_to(user).annotate(
        overdue_escalated=Exists(
            Submission.objects.filter(
                case=OuterRef("pk"), escalated_at__isnull=False, decided_at__isnull=True
            )
        )
    )
    if view == "waiting":
        qs = qs.filter(state=CaseState.SUBMITTED_TO_INSTITUTION).order_by("sla_due_at", "pk")
    else:
        qs = qs.exclude(state=CaseState.SUBMITTED_TO_INSTITUTION).order_by("-updated_at", "-pk")
    if service:
        qs = qs.filter(service__code=service)
    if q:
        qs = qs.filter(reference=parse_reference(q))  # BadRequest on a mistyped reference
    return qs
