"""Feedback test helpers, on top of the cases factories: a completed case (the real workflow, so
the rating link is sent), a regulator, and a complaint at any step."""

import re

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.cases.services import case_transition, document_upload
from sanad.cases.tests.factories import (
    EXE,
    PDF,
    PNG,
    citizen,
    licensed_centre,
    open_walk_in,
    pay_in_full,
    staff,
    upload,
)
from sanad.centres.constants import StaffRole

SCORES = {"overall": 4, "speed": 5, "courtesy": 4, "fee_clarity": 3, "comment": "خدمة ممتازة"}


def completed_case(centre, clerk, person, **overrides):
    case = open_walk_in(centre, clerk, person, **overrides)
    case_transition(case_id=case.pk, action="start", actor=clerk)
    document_upload(
        case=case, actor=clerk, uploaded=upload(PDF, "eye.pdf"), document_type_code="eye_test_certificate"
    )
    pay_in_full(case, clerk)
    case_transition(case_id=case.pk, action="submit_to_institution", actor=clerk)
    document_upload(case=case, actor=clerk, uploaded=upload(PDF, "licence.pdf"), role="outcome")
    case_transition(case_id=case.pk, action="complete", actor=clerk, note="صدرت الرخصة")
    case.refresh_from_db()
    return case


def regulator_user(**kwargs):
    return UserFactory(role=Role.REGULATOR, is_staff=True, **kwargs)


def manager(centre, **kwargs):
    return staff(centre, role=StaffRole.MANAGER, **kwargs)


def token_from_sms(text: str) -> str:
    match = re.search(r"/r/([A-Za-z0-9_\-]+)", text)
    assert match, text
    return match.group(1)


__all__ = ["EXE", "PDF", "PNG", "citizen", "licensed_centre", "open_walk_in", "staff", "upload"]
