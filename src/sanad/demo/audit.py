"""Demo data for audit (steps register with sanad.demo.registry.step).

The case history is bulk-inserted, which sends no model signals, so it has no audit rows. This step
takes an open case at the demo clerk's centre (the demo citizen's if there is one; with a small history
that left none open there, one at another centre with its clerk) through real services, as a real day
would: the clerk opens it, takes the fee still due and submits it to its institution (or
takes the next step the case allows), and the regulator opens it. So on a fresh start the regulator's
search finds that case's writes and reads, and the citizen's "who opened my transaction" panel shows
who looked."""

import contextlib

from .registry import step

SAFE_ACTIONS = ("submit_to_institution", "accept", "start", "respond", "complete")


@step("audit")
def seed_audit(options, progress) -> str:
    from sanad.accounts.models import User
    from sanad.audit.context import acting_as
    from sanad.audit.models import AuditEntry
    from sanad.audit.services import audit_case_opened
    from sanad.cases.constants import OPEN_STATES, CaseState
    from sanad.cases.models import Case
    from sanad.cases.selectors import allowed_actions, staff_centre_id
    from sanad.cases.services import case_transition
    from sanad.core.errors import DomainError
    from sanad.payments.constants import PaymentMethod
    from sanad.payments.selectors import case_net_paid
    from sanad.payments.services.payments import payment_create

    progress(1)
    clerk = User.objects.filter(username="demo-clerk").first()
    regulator = User.objects.filter(username="demo-regulator").first()
    if clerk is None or regulator is None:
        return "no demo accounts: run the accounts step first"
    if AuditEntry.objects.filter(actor_id=regulator.pk, operation="read").exists():
        return "demo audit trail already there"
    at_centre = Case.objects.filter(centre_id=staff_centre_id(clerk), state__in=OPEN_STATES).order_by(
        "-created_at"
    )
    case = (
        at_centre.filter(citizen__username="demo-citizen").first()
        or at_centre.filter(state=CaseState.IN_PROGRESS).first()
        or at_centre.first()
    )
    if case is None:  # a small history left nothing open here: a clerk of a centre that has one
        case, clerk = _open_case_elsewhere()
    if case is None:
        return "no open demo case to walk through"
    with acting_as(clerk):
        audit_case_opened(case=case)
        if case.state == CaseState.IN_PROGRESS:
            with contextlib.suppress(DomainError):
                case.refresh_from_db()
                due = case.total - max(case_net_paid(case).total, 0)
                if due > 0:
                    payment_create(case=case, actor=clerk, method=PaymentMethod.CASH, amount=due)
        for step_ in allowed_actions(Case.objects.get(pk=case.pk), clerk):
            if step_.action not in SAFE_ACTIONS:
                continue
            try:
                case_transition(case_id=case.pk, action=step_.action, actor=clerk, note="")
            except DomainError:
                continue
            break
    with acting_as(regulator):
        audit_case_opened(case=case)
    return f"case {case.reference} walked through by {clerk.username} and opened by the regulator ({AuditEntry.objects.count()} audit rows)"


def _open_case_elsewhere():
    """(case, clerk): the newest open case, in progress first, with a clerk of its centre; or
    (None, None)."""
    from sanad.cases.constants import OPEN_STATES, CaseState
    from sanad.cases.models import Case
    from sanad.centres.constants import StaffRole
    from sanad.centres.models import StaffMembership

    open_cases = Case.objects.filter(state__in=OPEN_STATES).order_by("-created_at")
    for case in (open_cases.filter(state=CaseState.IN_PROGRESS).first(), open_cases.first()):
        if case is None:
            continue
        membership = (
            StaffMembership.objects.filter(
                centre_id=case.centre_id, role=StaffRole.CLERK, ended_on__isnull=True
            )
            .select_related("user")
            .first()
        )
        if membership is not None:
            return case, membership.user
    return None, None
