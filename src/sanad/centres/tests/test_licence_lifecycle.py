"""The licence lifecycle: one table, every step from every state, guards, history and time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.centres import licensing, selectors
from sanad.centres.constants import LicenceAction, LicenceState, StaffRole
from sanad.centres.models import Licence, LicenceEvent
from sanad.centres.services import licence_transition, licences_sweep
from sanad.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed

from .factories import add_owner, make_centre, owner_data, staff_of

pytestmark = pytest.mark.django_db

ACTIONS = [a for a in LicenceAction.values if a != LicenceAction.APPLY]


def _licence_in(state: str) -> Licence:
    centre = make_centre(
        state=state,
        expires_in_days=-5 if state == LicenceState.EXPIRED else 30,
        suspended_until=timezone.localdate() + timedelta(days=20)
        if state == LicenceState.SUSPENDED
        else None,
    )
    add_owner(centre, civil_number=f"7{centre.pk:07d}")
    return centre.licence


def _inputs(action: str) -> dict:
    return {
        "reason": "سبب مكتوب",
        "until": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "interview_at": (timezone.now() + timedelta(days=3)).isoformat(),
        "owners": [owner_data(civil_number="88000001")] if action == LicenceAction.TRANSFER else None,
    }


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", LicenceState.values)
def test_every_action_from_every_state_follows_the_table(state, action, regulator):
    licence = _licence_in(state)
    events_before = licence.events.count()
    actor = None if action == LicenceAction.EXPIRE else regulator
    step = licensing.TABLE.get((state, action))
    if step is None:
        with pytest.raises(InvalidTransition) as caught:
            licence_transition(licence_id=licence.pk, action=action, actor=actor, **_inputs(action))
        assert str(LicenceState(state).label) in caught.value.message
        assert caught.value.status == 409
        licence.refresh_from_db()
        assert licence.state == state
        assert licence.events.count() == events_before
    else:
        licence_transition(licence_id=licence.pk, action=action, actor=actor, **_inputs(action))
        licence.refresh_from_db()
        assert licence.state == step.target
        event = licence.events.latest("id")
        assert (event.action, event.from_state, event.to_state) == (action, state, step.target)
        assert event.actor == actor


def test_an_application_goes_from_submission_to_a_one_year_licence_with_its_history(regulator):
    licence = _licence_in(LicenceState.SUBMITTED)
    interview = (timezone.now() + timedelta(days=2)).isoformat()
    for action in (
        "start_review",
        "schedule_interview",
        "record_interview",
        "approve_initial",
        "pass_fitout",
        "issue",
    ):
        licence_transition(licence_id=licence.pk, action=action, actor=regulator, interview_at=interview)
    licence.refresh_from_db()
    today = timezone.localdate()
    assert licence.state == LicenceState.ACTIVE
    assert licence.number == f"SC-{licence.pk:06d}"
    assert (licence.issued_on, licence.expires_on) == (today, today + timedelta(days=365))
    assert list(licence.events.values_list("to_state", flat=True)) == [
        "under_review",
        "interview_scheduled",
        "interviewed",
        "initially_approved",
        "fitout_passed",
        "active",
    ]
    assert selectors.centre_can_open_cases(licence.centre)


def test_renewal_adds_a_year_to_the_expiry_date(regulator):
    licence = _licence_in(LicenceState.ACTIVE)
    old_expiry = licence.expires_on
    licence_transition(licence_id=licence.pk, action="renew", actor=regulator)
    licence.refresh_from_db()
    assert licence.expires_on == old_expiry + timedelta(days=365)
    assert licence.events.latest("id").data["previous_expiry"] == old_expiry.isoformat()


def test_renewal_too_early_is_refused_with_the_date_it_opens(regulator):
    centre = make_centre(expires_in_days=200)
    with pytest.raises(InvalidTransition) as caught:
        licence_transition(licence_id=centre.licence.pk, action="renew", actor=regulator)
    opens = centre.licence.expires_on - timedelta(days=90)
    assert opens.isoformat() in caught.value.message
    centre.licence.refresh_from_db()
    assert centre.licence.events.count() == 0


def test_an_expired_licence_renews_from_today():
    regulator = UserFactory(role=Role.REGULATOR)
    licence = _licence_in(LicenceState.EXPIRED)
    licence_transition(licence_id=licence.pk, action="renew", actor=regulator)
    licence.refresh_from_db()
    assert licence.state == LicenceState.ACTIVE
    assert licence.expires_on >= timezone.localdate() + timedelta(days=364)


@pytest.mark.parametrize(
    ("action", "inputs", "field"),
    [
        ("suspend", {"until": "2020-01-01", "reason": "x"}, "until"),
        ("suspend", {"reason": "x"}, "until"),
        ("suspend", {"until": "2099-01-01"}, "reason"),
        ("revoke", {}, "reason"),
    ],
)
def test_missing_or_wrong_inputs_are_refused_and_nothing_changes(action, inputs, field, regulator):
    licence = _licence_in(LicenceState.ACTIVE)
    with pytest.raises(ValidationFailed) as caught:
        licence_transition(licence_id=licence.pk, action=action, actor=regulator, **inputs)
    assert field in caught.value.errors
    licence.refresh_from_db()
    assert licence.state == LicenceState.ACTIVE
    assert not licence.events.exists()


def test_an_interview_in_the_past_is_refused(regulator):
    licence = _licence_in(LicenceState.UNDER_REVIEW)
    with pytest.raises(ValidationFailed) as caught:
        licence_transition(
            licence_id=licence.pk,
            action="schedule_interview",
            actor=regulator,
            interview_at=(timezone.now() - timedelta(hours=1)).isoformat(),
        )
    assert "interview_at" in caught.value.errors


def test_suspension_records_reason_and_end_and_blocks_the_centre(regulator):
    licence = _licence_in(LicenceState.ACTIVE)
    until = timezone.localdate() + timedelta(days=10)
    licence_transition(
        licence_id=licence.pk, action="suspend", actor=regulator, reason="مخالفات", until=until
    )
    licence.refresh_from_db()
    assert (licence.state, licence.suspended_until, licence.suspension_reason) == (
        "suspended",
        until,
        "مخالفات",
    )
    assert not selectors.centre_can_open_cases(licence.centre)
    assert not selectors.centres_public().filter(pk=licence.centre_id).exists()


def test_transfer_replaces_the_owners_and_keeps_the_old_ones_in_history(regulator):
    licence = _licence_in(LicenceState.ACTIVE)
    old = licence.centre.owners.get()
    licence_transition(
        licence_id=licence.pk,
        action="transfer",
        actor=regulator,
        owners=[owner_data(civil_number="88000002")],
    )
    current = list(selectors.centre_owners(licence.centre).values_list("civil_number", flat=True))
    assert current == ["88000002"]
    old.refresh_from_db()
    assert old.ended_on == timezone.localdate()
    event = licence.events.latest("id")
    assert (event.action, event.data["from"], event.data["to"]) == (
        "transfer",
        [old.civil_number],
        ["88000002"],
    )


def test_transfer_to_an_ineligible_person_names_the_reason(regulator):
    licence = _licence_in(LicenceState.ACTIVE)
    with pytest.raises(ValidationFailed) as caught:
        licence_transition(
            licence_id=licence.pk,
            action="transfer",
            actor=regulator,
            owners=[owner_data(civil_number="88000003", age=60)],
        )
    assert "55" in caught.value.message
    assert licence.centre.owners.filter(ended_on__isnull=True).count() == 1


def test_an_owner_can_renew_but_not_suspend_and_a_clerk_cannot_touch_the_licence():
    centre = make_centre(expires_in_days=20)
    owner = staff_of(centre, StaffRole.OWNER)
    clerk = staff_of(centre, StaffRole.CLERK)
    with pytest.raises(NotFound):
        licence_transition(licence_id=centre.licence.pk, action="renew", actor=clerk)
    with pytest.raises(PermissionDenied):
        licence_transition(
            licence_id=centre.licence.pk, action="suspend", actor=owner, reason="x", until="2099-01-01"
        )
    licence_transition(licence_id=centre.licence.pk, action="renew", actor=owner)
    centre.licence.refresh_from_db()
    assert centre.licence.expires_on == timezone.localdate() + timedelta(days=20 + 365)


def test_history_rows_cannot_be_changed_or_deleted(regulator):
    licence = _licence_in(LicenceState.SUBMITTED)
    licence_transition(licence_id=licence.pk, action="start_review", actor=regulator)
    event = licence.events.get()
    event.reason = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert LicenceEvent.objects.get(pk=event.pk).reason == ""


# --- time: expiry and the end of a suspension -----------------------------------------------------


def test_a_licence_past_its_expiry_date_is_expired_even_before_the_sweep():
    centre = make_centre(expires_in_days=-1)
    assert selectors.licence_state_today(centre.licence) == LicenceState.EXPIRED
    assert not selectors.centre_can_open_cases(centre)
    assert not selectors.centres_public().filter(pk=centre.pk).exists()


def test_the_daily_sweep_writes_expiry_and_ends_finished_suspensions():
    expired = make_centre(expires_in_days=-1)
    suspended = make_centre(
        state=LicenceState.SUSPENDED, suspended_until=timezone.localdate() - timedelta(days=1)
    )
    assert selectors.centre_can_open_cases(suspended)  # the suspension is over already
    counts = licences_sweep()
    assert counts["expired"] == 1 and counts["reinstated"] == 1
    expired.licence.refresh_from_db()
    suspended.licence.refresh_from_db()
    assert expired.licence.state == LicenceState.EXPIRED
    assert expired.licence.events.get().actor is None
    assert suspended.licence.state == LicenceState.ACTIVE
    assert suspended.licence.suspended_until is None


def test_renewal_reminders_go_out_once_per_threshold(django_capture_on_commit_callbacks):
    from sanad.outbox.models import OutboxMessage

    owner_user = UserFactory(role=Role.CENTRE_STAFF, email="owner@example.om", mobile="+96891111111")
    centre = make_centre(expires_in_days=25)
    add_owner(centre, user=owner_user)
    with django_capture_on_commit_callbacks(execute=False):
        first = licences_sweep()
        second = licences_sweep()
    assert first["reminded"] == 1 and second["reminded"] == 0
    keys = list(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert keys and all(f"expiry:{centre.licence.expires_on}:30" in k for k in keys)
