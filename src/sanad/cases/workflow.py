"""The case workflow as data: one table of (state, action) → target state, who may do it, and the
guards that must hold. `cases.services.case_transition` is the only code that applies it.

DESIGN.md §6. Walk-in cases are opened directly in `accepted`; online requests in `submitted`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sanad.core.errors import InvalidTransition

from .constants import Action, Actor, CaseState

S = CaseState
A = Action
CITIZEN, STAFF, SYSTEM, INSTITUTION = Actor.CITIZEN, Actor.STAFF, Actor.SYSTEM, Actor.INSTITUTION


@dataclass(frozen=True)
class Step:
    source: str
    action: str
    target: str
    actors: frozenset[str]
    guards: tuple[str, ...] = ()
    note_required: bool = False


def _step(source, action, target, actors, guards=(), note_required=False) -> Step:
    return Step(source, action, target, frozenset(actors), tuple(guards), note_required)


TABLE: tuple[Step, ...] = (
    _step(S.DRAFT, A.SUBMIT, S.SUBMITTED, {CITIZEN}, ["centre_open"]),
    _step(S.DRAFT, A.CANCEL, S.CANCELLED, {CITIZEN}),
    _step(S.SUBMITTED, A.ACCEPT, S.ACCEPTED, {STAFF}, ["centre_open"]),
    _step(S.SUBMITTED, A.DECLINE, S.CANCELLED, {STAFF}, note_required=True),
    _step(S.SUBMITTED, A.CANCEL, S.CANCELLED, {CITIZEN}),
    _step(S.ACCEPTED, A.START, S.IN_PROGRESS, {STAFF}),
    _step(S.ACCEPTED, A.SEND_BACK, S.AWAITING_CITIZEN, {STAFF}, note_required=True),
    _step(S.ACCEPTED, A.CANCEL, S.CANCELLED, {STAFF, CITIZEN}, note_required=True),
    _step(S.IN_PROGRESS, A.SEND_BACK, S.AWAITING_CITIZEN, {STAFF}, note_required=True),
    _step(
        S.IN_PROGRESS,
        A.SUBMIT_TO_INSTITUTION,
        S.SUBMITTED_TO_INSTITUTION,
        {STAFF},
        ["mandatory_documents", "paid"],
    ),
    _step(S.IN_PROGRESS, A.CANCEL, S.CANCELLED, {STAFF}, note_required=True),
    _step(S.AWAITING_CITIZEN, A.RESPOND, S.IN_PROGRESS, {CITIZEN, STAFF}),
    _step(S.AWAITING_CITIZEN, A.CANCEL, S.CANCELLED, {STAFF, CITIZEN}, note_required=True),
    _step(S.AWAITING_CITIZEN, A.EXPIRE, S.CANCELLED, {SYSTEM}),
    # The institution decides (through its connector, the pull API or the portal inbox); the centre
    # can still record a decision it received another way.
    _step(S.SUBMITTED_TO_INSTITUTION, A.COMPLETE, S.COMPLETED, {STAFF, INSTITUTION}, ["outcome_document"]),
    _step(S.SUBMITTED_TO_INSTITUTION, A.REJECT, S.REJECTED, {STAFF, INSTITUTION}, note_required=True),
    _step(S.SUBMITTED_TO_INSTITUTION, A.REQUEST_INFO, S.AWAITING_CITIZEN, {INSTITUTION}, note_required=True),
    _step(S.REJECTED, A.CORRECT, S.IN_PROGRESS, {STAFF}),
    _step(S.REJECTED, A.CLOSE, S.CLOSED, {STAFF}, ["no_originals_held"]),
    _step(S.COMPLETED, A.CLOSE, S.CLOSED, {STAFF}, ["no_originals_held"]),
)

_INDEX: dict[tuple[str, str], Step] = {(s.source, s.action): s for s in TABLE}
assert len(_INDEX) == len(TABLE), "one row per (state, action)"

# Guards: name → callable(case) that raises Conflict with a translated reason. Other areas add
# theirs (payments registers "paid") with register_guard. A guard the table names but nobody
# registered stops the app from starting (system check cases.E001) and never silently passes.
GUARDS: dict[str, Callable] = {}


def register_guard(name: str, func: Callable) -> None:
    GUARDS[name] = func


# Effects: callables(case, step, actor) run inside the transition's transaction, after the new
# state and its event are written (payments registers refunds on rejection and cancellation).
EFFECTS: list[Callable] = []


def register_effect(func: Callable) -> Callable:
    if func not in EFFECTS:
        EFFECTS.append(func)
    return func


# Opening effects: callables(case, actor) run inside case_open's transaction, after the case and its
# first event are written (statistics count the opening there).
OPEN_EFFECTS: list[Callable] = []


def register_open_effect(func: Callable) -> Callable:
    if func not in OPEN_EFFECTS:
        OPEN_EFFECTS.append(func)
    return func


# --- what a state allows besides transitions (the one copy pages, API and services ask) ---------
FINISHED = frozenset({S.CLOSED, S.CANCELLED})
NOT_YET_ACCEPTED = frozenset({S.DRAFT, S.SUBMITTED})
_FEE_EDITABLE = frozenset({S.ACCEPTED, S.IN_PROGRESS, S.AWAITING_CITIZEN})
_CITIZEN_DOCUMENTS = frozenset({S.DRAFT, S.SUBMITTED, S.AWAITING_CITIZEN})


def payable(state: str) -> bool:
    """From acceptance by the centre until the case is finished."""
    return state not in FINISHED and state not in NOT_YET_ACCEPTED


def documents_editable(state: str) -> bool:
    """Staff may add or replace documents until the case is finished."""
    return state not in FINISHED


def citizen_documents_editable(state: str) -> bool:
    """The citizen adds documents before acceptance, and when the centre sends the case back."""
    return state in _CITIZEN_DOCUMENTS


def fee_editable(state: str) -> bool:
    """The government fee may change until the case goes to the institution."""
    return state in _FEE_EDITABLE


def state_label(state: str) -> str:
    return str(CaseState(state).label)


def step_for(state: str, action: str) -> Step:
    try:
        return _INDEX[(state, action)]
    except KeyError:
        label = Action(action).label if action in Action.values else action
        raise InvalidTransition(
            _("“%(action)s” is not possible while the case is “%(state)s”.")
            % {"action": label, "state": state_label(state)},
            current_state=state,
        ) from None


def unregistered_guards() -> set[str]:
    return {name for step in TABLE for name in step.guards} - set(GUARDS)


def check_guards(step: Step, case) -> None:
    for name in step.guards:
        guard = GUARDS.get(name)
        if guard is None:
            raise RuntimeError(f"workflow guard {name!r} is not registered")
        guard(case)


def actions_for(state: str, actor_kinds: set[str]) -> list[Step]:
    """Steps available from `state` to someone acting as any of `actor_kinds` (guards not checked)."""
    return [s for s in TABLE if s.source == state and s.actors & actor_kinds]
