from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from sanad.cases.constants import CaseState
from sanad.cases.models import Case, CaseEvent
from sanad.cases.services import (
    case_fee_change,
    case_transition,
    cases_expire_send_backs,
    custody_receive,
    custody_return,
    document_upload,
)
from sanad.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from sanad.notifications.models import Notification

from .factories import PDF, citizen, licensed_centre, open_walk_in, pay_in_full, staff, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return licensed_centre()


@pytest.fixture
def clerk(centre):
    return staff(centre)


@pytest.fixture
def person():
    return citizen()


@pytest.fixture
def case(centre, clerk, person):
    return open_walk_in(centre, clerk, person)


def act(case, action, actor, note=""):
    return case_transition(case_id=case.pk, action=action, actor=actor, note=note)


def test_a_case_runs_from_the_counter_to_the_institution_and_back(
    case, clerk, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        act(case, "start", clerk)
        act(case, "send_back", clerk, "صورة فحص النظر غير واضحة")
        case.refresh_from_db()
        assert case.state == CaseState.AWAITING_CITIZEN
        assert case.citizen_deadline.date() == (timezone.now() + timedelta(days=30)).date()
        document_upload(
            case=case,
            actor=person,
            uploaded=upload(PDF, "eye-test.pdf"),
            document_type_code="eye_test_certificate",
        )
        act(case, "respond", person)
        pay_in_full(case, clerk)
        act(case, "submit_to_institution", clerk)
        document_upload(case=case, actor=clerk, uploaded=upload(PDF, "licence.pdf"), role="outcome")
        act(case, "complete", clerk, "صدرت الرخصة")
        act(case, "close", clerk)
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert case.closed_at is not None
    assert [e.to_state for e in case.events.all()] == [
        "accepted",
        "in_progress",
        "awaiting_citizen",
        "in_progress",
        "submitted_to_institution",
        "completed",
        "closed",
    ]
    # Every change told the citizen (the opening was before the capture started).
    assert (
        Notification.objects.filter(recipient=person, channel="sms", topic="case_state_changed").count() == 6
    )


def test_a_transition_not_in_the_table_is_a_409_naming_the_current_state(case, clerk):
    with pytest.raises(InvalidTransition) as raised:
        act(case, "complete", clerk, "x")
    assert "مستلمة" in raised.value.message or "Accepted" in raised.value.message
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED
    assert case.events.count() == 1


def test_the_citizen_cannot_take_staff_actions(case, person):
    with pytest.raises(PermissionDenied):
        act(case, "start", person)
    assert Case.objects.get(pk=case.pk).state == CaseState.ACCEPTED


def test_sending_back_needs_a_reason(case, clerk):
    act(case, "start", clerk)
    with pytest.raises(ValidationFailed):
        act(case, "send_back", clerk, "   ")
    assert Case.objects.get(pk=case.pk).state == CaseState.IN_PROGRESS


def test_submission_to_the_institution_needs_the_mandatory_documents(case, clerk):
    act(case, "start", clerk)
    with pytest.raises(Conflict) as raised:
        pay_in_full(case, clerk)
        act(case, "submit_to_institution", clerk)
    assert "شهادة" in raised.value.message or "certificate" in raised.value.message.lower()
    assert Case.objects.get(pk=case.pk).state == CaseState.IN_PROGRESS


def test_completion_needs_the_outcome_document(case, clerk):
    act(case, "start", clerk)
    document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "eye.pdf"), document_type_code="eye_test_certificate"
    )
    pay_in_full(case, clerk)
    act(case, "submit_to_institution", clerk)
    with pytest.raises(Conflict):
        act(case, "complete", clerk, "done")
    assert Case.objects.get(pk=case.pk).state == CaseState.SUBMITTED_TO_INSTITUTION


def test_a_rejected_case_can_be_corrected_and_resubmitted(case, clerk):
    act(case, "start", clerk)
    document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "eye.pdf"), document_type_code="eye_test_certificate"
    )
    pay_in_full(case, clerk)
    act(case, "submit_to_institution", clerk)
    act(case, "reject", clerk, "فحص النظر منتهي الصلاحية")
    assert Case.objects.get(pk=case.pk).decision_note == "فحص النظر منتهي الصلاحية"
    act(case, "correct", clerk)
    pay_in_full(case, clerk)
    act(case, "submit_to_institution", clerk)
    assert Case.objects.get(pk=case.pk).state == CaseState.SUBMITTED_TO_INSTITUTION


def test_a_case_cannot_close_while_originals_are_held(case, clerk):
    item = custody_receive(case=case, actor=clerk, item_type="driving_licence", description="الرخصة القديمة")
    act(case, "start", clerk)
    document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "eye.pdf"), document_type_code="eye_test_certificate"
    )
    pay_in_full(case, clerk)
    act(case, "submit_to_institution", clerk)
    document_upload(case=case, actor=clerk, uploaded=upload(PDF, "out.pdf"), role="outcome")
    act(case, "complete", clerk, "ok")
    with pytest.raises(Conflict) as raised:
        act(case, "close", clerk)
    assert "رخصة" in raised.value.message or "licence" in raised.value.message.lower()
    assert Case.objects.get(pk=case.pk).state == CaseState.COMPLETED
    custody_return(item_id=item.pk, actor=clerk)
    with pytest.raises(Conflict):
        custody_return(item_id=item.pk, actor=clerk)  # already returned
    act(case, "close", clerk)
    assert Case.objects.get(pk=case.pk).state == CaseState.CLOSED


def test_a_stale_version_is_an_edit_conflict(case, clerk):
    with pytest.raises(Conflict):
        case_transition(case_id=case.pk, action="start", actor=clerk, expected_version=case.version + 5)
    assert Case.objects.get(pk=case.pk).state == CaseState.ACCEPTED


def test_past_the_deadline_a_sent_back_case_is_cancelled_and_the_citizen_told(
    case, clerk, person, django_capture_on_commit_callbacks
):
    act(case, "send_back", clerk, "نحتاج شهادة فحص النظر")
    assert cases_expire_send_backs() == 0  # not yet
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert cases_expire_send_backs() == 1
    case.refresh_from_db()
    assert case.state == CaseState.CANCELLED
    last = case.events.last()
    assert (last.action, last.actor) == ("expire", None)
    assert Notification.objects.filter(recipient=person, topic="case_state_changed").exists()


def test_the_fee_can_change_within_the_range_and_the_citizen_is_told(
    case, clerk, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case_fee_change(case_id=case.pk, actor=clerk, government_fee=10000, note="سنتان فقط")
    case.refresh_from_db()
    assert case.total == 10000 + 1500 + 75
    event = case.events.get(action="fee_changed")
    assert event.data["before"]["total"] == 21575
    assert Notification.objects.filter(recipient=person, topic="case_opened", channel="sms").count() == 1
    with pytest.raises(ValidationFailed):
        case_fee_change(case_id=case.pk, actor=clerk, government_fee=5, note="x")
    assert Case.objects.get(pk=case.pk).total == 11575


def test_events_are_immutable(case):
    event = CaseEvent.objects.filter(case=case).first()
    event.note = "changed"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
