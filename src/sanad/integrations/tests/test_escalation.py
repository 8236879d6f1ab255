"""A decision overdue past the service's SLA: the institution is asked where it stands; without an
answer the submission is escalated and both sides are told, once, in Arabic first."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sanad.cases.models import Case
from sanad.cases.tests.factories import staff
from sanad.centres.constants import StaffRole
from sanad.outbox.models import OutboxMessage

from ..models import Submission
from ..services import submissions_pull_overdue
from .factories import case_ready, officer, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(django_capture_on_commit_callbacks):
    """A case in the ROP officers' inbox (portal), past its due time."""
    rop_officer = officer("ROP")
    case, clerk = case_ready()
    manager = staff(case.centre, role=StaffRole.MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    Case.objects.filter(pk=case.pk).update(sla_due_at=timezone.now() - timedelta(hours=1))
    return case, clerk, manager, rop_officer


def _emails_to(user):
    return [
        m.payload for m in OutboxMessage.objects.filter(kind="notification.email", payload__user_id=user.pk)
    ]


def test_an_overdue_decision_tells_the_centre_and_the_institutions_officers_in_arabic(overdue):
    case, clerk, manager, rop_officer = overdue
    other_officer = officer("MOL")
    assert submissions_pull_overdue() == 1
    assert Submission.objects.get(case=case).escalated_at is not None
    for person in (clerk, manager):
        [email] = _emails_to(person)
        assert email["topic"] == "submission_overdue_centre"
        assert case.reference in email["subject"] and case.service.institution.name_ar in email["text"]
        assert "لم تبت" in email["text"]
    [email] = _emails_to(rop_officer)
    assert email["topic"] == "submission_overdue_institution"
    assert case.reference in email["subject"] and "بانتظار قرارك" in email["subject"]
    assert _emails_to(other_officer) == []


def test_an_escalation_is_sent_once(overdue):
    _case, clerk, _manager, _officer = overdue
    submissions_pull_overdue()
    assert submissions_pull_overdue() == 0
    assert len(_emails_to(clerk)) == 1


def test_an_english_speaking_officer_is_told_in_english(overdue):
    case, _clerk, _manager, rop_officer = overdue
    rop_officer.preferred_language = "en"
    rop_officer.save(update_fields=["preferred_language"])
    submissions_pull_overdue()
    [email] = _emails_to(rop_officer)
    assert email["subject"] == f"Transaction {case.reference} waits for your decision past its due time"


def test_a_case_not_yet_due_is_not_escalated(overdue):
    case = overdue[0]
    Case.objects.filter(pk=case.pk).update(sla_due_at=timezone.now() + timedelta(hours=1))
    assert submissions_pull_overdue() == 0
    assert (
        OutboxMessage.objects.filter(
            kind="notification.email", payload__topic__startswith="submission_overdue"
        ).count()
        == 0
    )


def test_the_inbox_and_the_case_page_show_the_escalation(overdue):
    case, clerk, _manager, rop_officer = overdue
    submissions_pull_overdue()
    browser = Client()
    browser.force_login(rop_officer)
    page = browser.get("/institution/inbox/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'data-testid="inbox-escalated"' in page
    browser.force_login(clerk)
    page = browser.get(f"/centre/cases/{case.reference}/").content.decode()
    assert 'data-testid="delivery-escalated"' in page
