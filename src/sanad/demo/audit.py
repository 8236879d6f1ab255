"""Demo data for audit (steps register with sanad.demo.registry.step).

The case history is bulk-inserted, which sends no model signals, so it has no audit rows. This step
takes an open case at the demo clerk's centre (the demo citizen's if there is one) through real services and
records the reads a real day would: the clerk and the regulator open it, so the regulator's search
and the citizen's "who opened my transaction" panel show something on a fresh start."""

import contextlib

from .registry import step

SAFE_ACTIONS = ("accept", "start", "respond", "submit_to_institution", "complete")


@step("audit")
def seed_audit(options, progress) -> str:
    from sanad.accounts.models import User
    from sanad.audit.context import acting_as
    from sanad.audit.models import AuditEntry
    from sanad.audit.services import audit_case_opened
    from sanad.cases.constants import OPEN_STATES
    from sanad.cases.models import Case
    from sanad.cases.selectors import allowed_actions, staff_centre_id
    from sanad.cases.services import case_transition
    from sanad.core.errors import DomainError

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
    case = at_centre.filter(citizen__username="demo-citizen").first() or at_centre.first()
    if case is None:
        return "no open demo case to walk through"
    with acting_as(clerk):
        audit_case_opened(case=case)
        step_ = next((s for s in allowed_actions(case, clerk) if s.action in SAFE_ACTIONS), None)
        if step_ is not None:
            with contextlib.suppress(DomainError):
                case_transition(case_id=case.pk, action=step_.action, actor=clerk, note="")
    with acting_as(regulator):
        audit_case_opened(case=case)
    return f"case {case.reference} opened by the clerk and the regulator ({AuditEntry.objects.count()} audit rows)"
