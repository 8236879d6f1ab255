"""The licence lifecycle as one table (data, not scattered ifs).

For each action: the states it may start from, the state it leads to, who may take it and what it
needs. `licence_transition` in services.py is the one place that applies it: lock the licence,
check this table, write the new state and an immutable LicenceEvent, queue notifications on commit.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from sanad.core.errors import InvalidTransition

from .constants import APPLICATION_STATES, Actor, LicenceAction, LicenceState

A, S = LicenceAction, LicenceState


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset
    target: str
    actors: frozenset
    needs: tuple = ()  # inputs the action requires: "reason", "until", "interview_at", "owners"


def _step(action, sources, target, actors, needs=()) -> Step:
    return Step(action, frozenset(sources), target, frozenset(actors), tuple(needs))


REG, OWN, SYS = Actor.REGULATOR, Actor.OWNER, Actor.SYSTEM

STEPS: tuple[Step, ...] = (
    _step(A.START_REVIEW, [S.SUBMITTED], S.UNDER_REVIEW, [REG]),
    _step(
        A.SCHEDULE_INTERVIEW,
        [S.UNDER_REVIEW, S.INTERVIEW_SCHEDULED],
        S.INTERVIEW_SCHEDULED,
        [REG],
        ["interview_at"],
    ),
    _step(A.RECORD_INTERVIEW, [S.INTERVIEW_SCHEDULED], S.INTERVIEWED, [REG]),
    _step(A.APPROVE_INITIAL, [S.INTERVIEWED], S.INITIALLY_APPROVED, [REG]),
    _step(A.PASS_FITOUT, [S.INITIALLY_APPROVED], S.FITOUT_PASSED, [REG]),
    _step(A.FAIL_FITOUT, [S.INITIALLY_APPROVED], S.INITIALLY_APPROVED, [REG], ["reason"]),
    _step(A.ISSUE, [S.FITOUT_PASSED], S.ACTIVE, [REG]),
    _step(A.RENEW, [S.ACTIVE, S.EXPIRED], S.ACTIVE, [REG, OWN]),
    _step(A.TRANSFER, [S.ACTIVE], S.ACTIVE, [REG], ["owners"]),
    _step(A.SUSPEND, [S.ACTIVE], S.SUSPENDED, [REG], ["reason", "until"]),
    _step(A.REINSTATE, [S.SUSPENDED], S.ACTIVE, [REG, SYS]),
    _step(A.REVOKE, [S.ACTIVE, S.SUSPENDED, S.EXPIRED], S.REVOKED, [REG], ["reason"]),
    _step(A.REJECT, APPLICATION_STATES, S.REJECTED, [REG], ["reason"]),
    _step(A.EXPIRE, [S.ACTIVE], S.EXPIRED, [SYS]),
)
TABLE: dict[tuple[str, str], Step] = {(source, s.action): s for s in STEPS for source in s.sources}
ACTIONS = tuple(s.action for s in STEPS)


def step_for(state: str, action: str) -> Step:
    """The step for this action from this state, or InvalidTransition naming the current step."""
    step = TABLE.get((state, action))
    if step is None:
        raise InvalidTransition(
            _("This licence is at the step “%(state)s”: “%(action)s” is not possible now.")
            % {"state": LicenceState(state).label, "action": LicenceAction(action).label},
            current_state=state,
        )
    return step


def actions_from(state: str, actor_kinds: set | frozenset = frozenset({REG})) -> list[str]:
    """Actions someone of these kinds may take from this state (for buttons and the API)."""
    return [s.action for s in STEPS if state in s.sources and s.actors & set(actor_kinds)]


def effective_state(state: str, *, expires_on: date | None, suspended_until: date | None, today: date) -> str:
    """What the licence is today, before the daily sweep has written it down: a licence past its
    expiry date is expired, and a suspension past its end date is over."""
    if state == S.SUSPENDED and suspended_until is not None and suspended_until < today:
        state = S.ACTIVE
    if state == S.ACTIVE and expires_on is not None and expires_on < today:
        return S.EXPIRED
    return state
