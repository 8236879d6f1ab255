"""What a real API client needs: who am I and where, what is due and paid, whose case it is, who
uploaded a document and where to fetch it, and an Idempotency-Key that cannot be reused for another
request."""

import pytest
from conftest import authed
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from sanad.cases.models import Case

from .factories import DL_FORM, PDF, citizen, licensed_centre, open_walk_in, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    centre = licensed_centre()
    clerk = staff(centre)
    person = citizen()
    case = open_walk_in(centre, clerk, person)
    return {
        "centre": centre,
        "clerk": clerk,
        "person": person,
        "case": case,
        "api": authed(APIClient(), clerk),
    }


def test_me_says_which_centre_a_staff_member_works_at(world):
    me = world["api"].get("/api/v1/me/").json()
    assert me["centre"]["id"] == world["centre"].pk
    assert me["institution"] is None


def test_a_case_carries_what_is_due_what_is_paid_and_a_masked_citizen(world):
    case, person = world["case"], world["person"]
    body = world["api"].get(f"/api/v1/cases/{case.reference}/").json()
    assert body["amount_due"] == case.total and body["amount_paid"] == 0
    number = person.citizen_profile.id_number
    assert body["citizen"]["civil_number"].endswith(number[-4:])
    assert number not in body["citizen"]["civil_number"]
    assert body["citizen"]["name"]


def test_a_document_says_who_uploaded_it_and_where_to_download_it(world):
    case = world["case"]
    created = (
        world["api"]
        .post(
            f"/api/v1/cases/{case.reference}/documents/",
            {"file": SimpleUploadedFile("eye.pdf", PDF), "document_type": "eye_test_certificate"},
            format="multipart",
        )
        .json()
    )
    assert created["uploaded_by"]
    response = world["api"].get(created["download_url"])
    assert b"".join(response.streaming_content) == PDF


def test_an_idempotency_key_reused_for_a_different_request_is_a_422_and_opens_nothing(world):
    body = {
        "centre": world["centre"].pk,
        "service": "ROP-DL-RENEW",
        "channel": "walk_in",
        "form_data": DL_FORM,
        "government_fee": 10000,
        "citizen": {"id_number": "87654321", "mobile": "99887766", "full_name_ar": "خالد"},
    }
    first = world["api"].post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-9")
    assert first.status_code == 201
    before = Case.objects.count()
    changed = {**body, "government_fee": 20000}
    second = world["api"].post("/api/v1/cases/", changed, format="json", HTTP_IDEMPOTENCY_KEY="k-9")
    assert second.status_code == 422
    assert second["Content-Type"].startswith("application/problem+json")
    assert Case.objects.count() == before
