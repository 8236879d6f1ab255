"""The transition table, exhaustively: every state × action × actor."""

import itertools

import pytest

from sanad.cases import workflow
from sanad.cases.constants import Action, Actor, CaseState
from sanad.core.errors import InvalidTransition

EXPECTED = {
    (CaseState.DRAFT, Action.SUBMIT): (CaseState.SUBMITTED, {Actor.CITIZEN}),
    (CaseState.DRAFT, Action.CANCEL): (CaseState.CANCELLED, {Actor.CITIZEN}),
    (CaseState.SUBMITTED, Action.ACCEPT): (CaseState.ACCEPTED, {Actor.STAFF}),
    (CaseState.SUBMITTED, Action.DECLINE): (CaseState.CANCELLED, {Actor.STAFF}),
    (CaseState.SUBMITTED, Action.CANCEL): (CaseState.CANCELLED, {Actor.CITIZEN}),
    (CaseState.ACCEPTED, Action.START): (CaseState.IN_PROGRESS, {Actor.STAFF}),
    (CaseState.ACCEPTED, Action.SEND_BACK): (CaseState.AWAITING_CITIZEN, {Actor.STAFF}),
    (CaseState.ACCEPTED, Action.CANCEL): (CaseState.CANCELLED, {Actor.STAFF, Actor.CITIZEN}),
    (CaseState.IN_PROGRESS, Action.SEND_BACK): (CaseState.AWAITING_CITIZEN, {Actor.STAFF}),
    (CaseState.IN_PROGRESS, Action.SUBMIT_TO_INSTITUTION): (
        CaseState.SUBMITTED_TO_INSTITUTION,
        {Actor.STAFF},
    ),
    (CaseState.IN_PROGRESS, Action.CANCEL): (CaseState.CANCELLED, {Actor.STAFF}),
    (CaseState.AWAITING_CITIZEN, Action.RESPOND): (CaseState.IN_PROGRESS, {Actor.CITIZEN, Actor.STAFF}),
    (CaseState.AWAITING_CITIZEN, Action.CANCEL): (CaseState.CANCELLED, {Actor.STAFF, Actor.CITIZEN}),
    (CaseState.AWAITING_CITIZEN, Action.EXPIRE): (CaseState.CANCELLED, {Actor.SYSTEM}),
    (CaseState.SUBMITTED_TO_INSTITUTION, Action.COMPLETE): (
        CaseState.COMPLETED,
        {Actor.STAFF, Actor.INSTITUTION},
    ),
    (CaseState.SUBMITTED_TO_INSTITUTION, Action.REJECT): (
        CaseState.REJECTED,
        {Actor.STAFF, Actor.INSTITUTION},
    ),
    (CaseState.SUBMITTED_TO_INSTITUTION, Action.REQUEST_INFO): (
        CaseState.AWAITING_CITIZEN,
        {Actor.INSTITUTION},
    ),
    (CaseState.REJECTED, Action.CORRECT): (CaseState.IN_PROGRESS, {Actor.STAFF}),
    (CaseState.REJECTED, Action.CLOSE): (CaseState.CLOSED, {Actor.STAFF}),
    (CaseState.COMPLETED, Action.CLOSE): (CaseState.CLOSED, {Actor.STAFF}),
}


@pytest.mark.parametrize(("state", "action", "actor"), list(itertools.product(CaseState, Action, Actor)))
def test_every_state_action_and_actor(state, action, actor):
    expected = EXPECTED.get((state, action))
    if expected is None:
        with pytest.raises(InvalidTransition) as raised:
            workflow.step_for(state, action)
        assert raised.value.status == 409
        assert str(CaseState(state).label) in raised.value.message  # names the current state
        return
    step = workflow.step_for(state, action)
    target, actors = expected
    assert step.target == target
    assert (actor in step.actors) == (actor in actors)


def test_final_states_have_no_way_out():
    for state in (CaseState.CLOSED, CaseState.CANCELLED):
        assert workflow.actions_for(state, set(Actor)) == []


def test_the_submission_to_the_institution_is_guarded_by_documents_and_payment():
    step = workflow.step_for(CaseState.IN_PROGRESS, Action.SUBMIT_TO_INSTITUTION)
    assert set(step.guards) == {"mandatory_documents", "paid"}


def test_closing_is_guarded_by_originals_and_completion_by_an_outcome_document():
    assert "no_originals_held" in workflow.step_for(CaseState.COMPLETED, Action.CLOSE).guards
    assert "outcome_document" in workflow.step_for(CaseState.SUBMITTED_TO_INSTITUTION, Action.COMPLETE).guards
