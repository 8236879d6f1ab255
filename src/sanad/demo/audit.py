"""Demo data for audit (steps register with sanad.demo.registry.step).

The case history is bulk-inserted, which sends no model signals, so it has no audit rows. This step
takes an open case at the demo clerk's centre (the demo citizen's first; with a small history that left
none workable there, one at another centre with its clerk) through real services, as a real day would:
the clerk opens it, takes the fee still due and submits it to its institution (or takes the next step
the case allows; the first case where that succeeds, so no payment is left without its submission),
and the regulator opens it. So on a fresh start the regulator's
search finds that case's writes and reads, and the citizen's "who opened my transaction" panel shows
who looked."""

from .registry import step

SAFE_ACTIONS = ("accept", "start", "respond", "complete")


@step("audit")
def seed_audit(options, progress) -> str:
    from sanad.accounts.models import User
    from sanad.audit.context import acting_as
    from sanad.audit.models import AuditEntry
    from sanad.audit.services import audit_case_opened
    from sanad.cases.selectors import staff_centre_id

    progress(1)
    clerk = User.objects.filter(username="demo-clerk").first()
    regulator = User.objects.filter(username="demo-regulator").first()
    if clerk is None or regulator is None:
        return "no demo accounts: run the accounts step first"
    if AuditEntry.objects.filter(actor_id=regulator.pk, operation="read").exists():
        return "demo audit trail already there"
    walked = _walk_one(_candidates(centre_id=staff_centre_id(clerk), clerk=clerk))
    if walked is None:  # a small history left nothing workable here: a clerk of a centre that has one
        walked = _walk_one(_candidates(centre_id=None, clerk=None))
    if walked is None:
        return "no open demo case to walk through"
    case, clerk = walked
    with acting_as(regulator):
        audit_case_opened(case=case)
    return (
        f"case {case.reference} walked through by {clerk.username} and opened by the regulator "
        f"({AuditEntry.objects.count()} audit rows)"
    )


def _candidates(*, centre_id, clerk, limit: int = 20):
    """(case, clerk) pairs to try: open cases, the demo citizen's first, then in progress, newest
    first; at one centre with its clerk, or anywhere with a clerk of the case's centre."""
    from django.db.models import Case as Ranked
    from django.db.models import IntegerField, Value, When

    from sanad.cases.constants import OPEN_STATES, CaseState
    from sanad.cases.models import Case
    from sanad.centres.constants import StaffRole
    from sanad.centres.models import StaffMembership

    cases = Case.objects.filter(state__in=OPEN_STATES)
    if centre_id is not None:
        cases = cases.filter(centre_id=centre_id)
    cases = cases.annotate(
        rank=Ranked(
            When(citizen__username="demo-citizen", then=Value(0)),
            When(state=CaseState.IN_PROGRESS, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", "-created_at")[:limit]
    clerks: dict[int, object] = {}
    for case in cases:
        worker = clerk
        if worker is None:
            if case.centre_id not in clerks:
                membership = (
                    StaffMembership.objects.filter(
                        centre_id=case.centre_id, role=StaffRole.CLERK, ended_on__isnull=True
                    )
                    .select_related("user")
                    .first()
                )
                clerks[case.centre_id] = membership.user if membership else None
            worker = clerks[case.centre_id]
        if worker is not None:
            yield case, worker


def _walk_one(candidates):
    """The first candidate the clerk can take a real step on: opened, then the fee taken and the case
    submitted to its institution (together or not at all: a payment without its submission would
    not be the demo's history), or the next step it allows. Returns (case, clerk) or None."""
    from django.db import transaction

    from sanad.audit.context import acting_as
    from sanad.audit.services import audit_case_opened
    from sanad.cases.constants import CaseState
    from sanad.cases.models import Case
    from sanad.cases.selectors import allowed_actions
    from sanad.cases.services import case_transition
    from sanad.core.errors import DomainError
    from sanad.payments.constants import PaymentMethod
    from sanad.payments.selectors import case_net_paid
    from sanad.payments.services.payments import payment_create

    for case, clerk in candidates:
        with acting_as(clerk):
            try:
                with transaction.atomic():
                    audit_case_opened(case=case)
                    if case.state == CaseState.IN_PROGRESS:
                        due = case.total - max(case_net_paid(case).total, 0)
                        if due > 0:
                            payment_create(case=case, actor=clerk, method=PaymentMethod.CASH, amount=due)
                        case_transition(case_id=case.pk, action="submit_to_institution", actor=clerk, note="")
                    else:
                        step_ = next(
                            s
                            for s in allowed_actions(Case.objects.get(pk=case.pk), clerk)
                            if s.action in SAFE_ACTIONS
                        )
                        case_transition(case_id=case.pk, action=step_.action, actor=clerk, note="")
            except (DomainError, StopIteration):
                continue
        return case, clerk
    return None
