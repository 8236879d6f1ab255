import pytest

from sanad.cases.constants import CaseState
from sanad.cases.models import Case, CaseEvent
from sanad.cases.reference import parse_reference
from sanad.catalogue.models import Service
from sanad.centres.constants import LicenceState
from sanad.core.errors import Conflict, NotFound, ValidationFailed
from sanad.notifications.models import Notification

from .factories import DL_FORM, DL_RENEW, citizen, licensed_centre, open_walk_in, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return licensed_centre()


@pytest.fixture
def clerk(centre):
    return staff(centre)


def test_a_walk_in_case_starts_accepted_with_a_fee_snapshot_and_a_checkable_reference(
    centre, clerk, django_capture_on_commit_callbacks
):
    person = citizen()
    with django_capture_on_commit_callbacks(execute=True):
        case = open_walk_in(centre, clerk, person)
    assert case.state == CaseState.ACCEPTED
    assert parse_reference(case.reference) == case.reference
    assert case.fee == {"government_fee": 20000, "centre_fee": 1500, "vat": 75, "total": 21575}
    assert case.clerk == clerk
    assert case.service_version == Service.objects.get(code=DL_RENEW).current_version
    assert case.sla_due_at > case.created_at
    assert list(case.events.values_list("action", "to_state")) == [("open", "accepted")]
    # The fee confirmation reached the citizen, in Arabic, before anything was charged.
    sms = Notification.objects.get(recipient=person, channel="sms")
    assert case.reference in sms.body
    assert "21.575" in sms.body


def test_an_online_request_starts_submitted(centre):
    from sanad.cases.services import case_open

    person = citizen()
    case = case_open(
        actor=person,
        centre=centre,
        service=Service.objects.get(code=DL_RENEW),
        citizen=person,
        channel="online",
        form_data=dict(DL_FORM),
        government_fee=10000,
    )
    assert case.state == CaseState.SUBMITTED
    assert case.clerk is None


def test_form_data_failing_the_schema_lists_each_field_and_opens_nothing(centre, clerk):
    bad = dict(DL_FORM, licence_class="spaceship", licence_number="abc")
    del bad["blood_group"]
    with pytest.raises(ValidationFailed) as raised:
        open_walk_in(centre, clerk, citizen(), form_data=bad)
    fields = raised.value.errors.get("form_data", raised.value.errors)
    assert {"licence_class", "licence_number", "blood_group"} <= set(fields)
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0


def test_a_government_fee_outside_the_range_is_refused(centre, clerk):
    with pytest.raises(ValidationFailed) as raised:
        open_walk_in(centre, clerk, citizen(), government_fee=99)
    assert "government_fee" in raised.value.errors
    assert Case.objects.count() == 0


def test_a_clerk_cannot_open_cases_at_another_centre(centre, clerk):
    other = licensed_centre(name="مركز آخر")
    with pytest.raises(NotFound):
        open_walk_in(other, clerk, citizen())
    assert Case.objects.count() == 0


@pytest.mark.parametrize("state", [LicenceState.SUSPENDED, LicenceState.REVOKED, LicenceState.EXPIRED])
def test_a_centre_without_a_licence_in_force_cannot_open_cases(state):
    centre = licensed_centre(state=state)
    clerk = staff(centre)
    with pytest.raises(Conflict):
        open_walk_in(centre, clerk, citizen())
    assert Case.objects.count() == 0


def test_the_same_idempotency_key_returns_the_same_case(centre, clerk):
    person = citizen()
    first = open_walk_in(centre, clerk, person, idempotency_key="abc-123")
    second = open_walk_in(centre, clerk, person, idempotency_key="abc-123")
    assert first.pk == second.pk
    assert Case.objects.count() == 1
