"""The complaint workflow as data: (state, action) → target state, who may do it, whether a note is
needed, and how many working hours the next step has. `services.complaint_transition` is the only
code that applies it.

received → assigned → investigating → upheld / dismissed / resolved (with the centre). The centre
is asked to respond while the complaint is investigated; only the regulator decides."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sanad.core.errors import InvalidTransition

from .constants import ComplaintAction, ComplaintActor, ComplaintState

S, A = ComplaintState, ComplaintAction
REGULATOR, CENTRE, SYSTEM = ComplaintActor.REGULATOR, ComplaintActor.CENTRE, ComplaintActor.SYSTEM

# Working hours (cases/calendar.py: Sunday–Thursday, 7 a day) that each open state has before the
# complaint is overdue and escalated, and that the centre has to answer once asked.
DUE_HOURS = {S.RECEIVED: 14, S.ASSIGNED: 21, S.INVESTIGATING: 70}
CENTRE_RESPONSE_HOURS = 35


@dataclass(frozen=True)
class Step:
    source: str
    action: str
    target: str
    actors: frozenset[str]
    note_required: bool = False


def _step(source, action, target, actors, note_required=False) -> Step:
    return Step(source, action, target, frozenset(actors), note_required)


TABLE: tuple[Step, ...] = (
    _step(S.RECEIVED, A.ASSIGN, S.ASSIGNED, {REGULATOR}),
    _step(S.ASSIGNED, A.INVESTIGATE, S.INVESTIGATING, {REGULATOR}),
    _step(S.ASSIGNED, A.ASK_CENTRE, S.INVESTIGATING, {REGULATOR}),
    _step(S.INVESTIGATING, A.ASK_CENTRE, S.INVESTIGATING, {REGULATOR}),
    _step(S.INVESTIGATING, A.CENTRE_RESPOND, S.INVESTIGATING, {CENTRE}, note_required=True),
    _step(S.INVESTIGATING, A.UPHOLD, S.UPHELD, {REGULATOR}, note_required=True),
    _step(S.INVESTIGATING, A.DISMISS, S.DISMISSED, {REGULATOR}, note_required=True),
    _step(S.INVESTIGATING, A.RESOLVE, S.RESOLVED, {REGULATOR}, note_required=True),
    _step(S.RECEIVED, A.ESCALATE, S.RECEIVED, {SYSTEM}),
    _step(S.ASSIGNED, A.ESCALATE, S.ASSIGNED, {SYSTEM}),
    _step(S.INVESTIGATING, A.ESCALATE, S.INVESTIGATING, {SYSTEM}),
)

_INDEX: dict[tuple[str, str], Step] = {(s.source, s.action): s for s in TABLE}
assert len(_INDEX) == len(TABLE), "one row per (state, action)"

# Actions a person asks for through the API or the pages (the others are the system's or records).
PERSON_ACTIONS = (A.ASSIGN, A.INVESTIGATE, A.ASK_CENTRE, A.CENTRE_RESPOND, A.UPHOLD, A.DISMISS, A.RESOLVE)


def state_label(state: str) -> str:
    return str(ComplaintState(state).label)


def step_for(state: str, action: str) -> Step:
    try:
        return _INDEX[(state, action)]
    except KeyError:
        label = ComplaintAction(action).label if action in ComplaintAction.values else action
        raise InvalidTransition(
            _("“%(action)s” is not possible while the complaint is “%(state)s”.")
            % {"action": label, "state": state_label(state)},
            current_state=state,
        ) from None


def actions_for(state: str, actor_kinds: set[str]) -> list[Step]:
    return [s for s in TABLE if s.source == state and s.actors & actor_kinds and s.action in PERSON_ACTIONS]
