"""Inspections: checklist, violations on the centre's record, and the fit-out step of licensing."""

import pytest

from sanad.centres import selectors
from sanad.centres.constants import CHECKLIST, LicenceState
from sanad.centres.models import Inspection, Violation
from sanad.centres.services import inspection_record, violation_resolve
from sanad.core.errors import InvalidTransition, PermissionDenied, ValidationFailed

from .factories import make_centre, staff_of

pytestmark = pytest.mark.django_db
ALL_GOOD = dict.fromkeys(CHECKLIST, True)


def test_a_routine_visit_with_violations_fails_and_shows_on_the_centres_record(regulator):
    centre = make_centre()
    inspection = inspection_record(
        centre_id=centre.pk,
        actor=regulator,
        kind="routine",
        checklist={**ALL_GOOD, "fees_displayed": False},
        violations=[{"code": "fees_displayed", "description": "لا توجد لوحة أسعار", "severity": "major"}],
    )
    assert inspection.result == "failed"
    assert [v.description for v in selectors.centre_open_violations(centre)] == ["لا توجد لوحة أسعار"]
    violation_resolve(violation_id=Violation.objects.get().pk, actor=regulator)
    assert not selectors.centre_open_violations(centre).exists()
    assert centre.licence.events.count() == 0  # a routine visit is not a licensing step


def test_a_passed_fitout_inspection_moves_the_application_on_and_a_failed_one_keeps_it_waiting(regulator):
    centre = make_centre(state=LicenceState.INITIALLY_APPROVED)
    inspection_record(
        centre_id=centre.pk, actor=regulator, kind="fitout", checklist={**ALL_GOOD, "accessible": False}
    )
    centre.licence.refresh_from_db()
    assert centre.licence.state == LicenceState.INITIALLY_APPROVED
    assert centre.licence.events.get().action == "fail_fitout"
    inspection_record(centre_id=centre.pk, actor=regulator, kind="fitout", checklist=ALL_GOOD)
    centre.licence.refresh_from_db()
    assert centre.licence.state == LicenceState.FITOUT_PASSED


def test_a_fitout_inspection_out_of_order_is_refused_and_not_recorded(regulator):
    centre = make_centre(state=LicenceState.SUBMITTED)
    with pytest.raises(InvalidTransition):
        inspection_record(centre_id=centre.pk, actor=regulator, kind="fitout", checklist=ALL_GOOD)
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    "inputs",
    [
        {"kind": "party"},
        {"kind": "routine", "checklist": {"unknown_item": True}},
        {"kind": "routine", "violations": [{"description": "", "severity": "minor"}]},
        {"kind": "routine", "violations": [{"description": "x", "severity": "apocalyptic"}]},
        {"kind": "routine", "visited_on": "2999-01-01"},
    ],
)
def test_bad_inspection_input_is_refused_and_nothing_is_recorded(regulator, inputs):
    centre = make_centre()
    with pytest.raises(ValidationFailed):
        inspection_record(centre_id=centre.pk, actor=regulator, **inputs)
    assert not Inspection.objects.exists() and not Violation.objects.exists()


def test_only_the_regulator_records_inspections():
    centre = make_centre()
    with pytest.raises(PermissionDenied):
        inspection_record(
            centre_id=centre.pk, actor=staff_of(centre, "owner"), kind="routine", checklist=ALL_GOOD
        )
