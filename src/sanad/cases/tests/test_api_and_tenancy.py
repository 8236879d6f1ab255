"""The cases API, and tenancy as a matrix: who sees which case, through every door."""

import pytest
from conftest import authed
from django.core.files.uploadedfile import SimpleUploadedFile

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.cases.models import Case, CaseDocument
from sanad.cases.reference import format_reference
from sanad.catalogue.models import Institution, InstitutionMembership
from sanad.centres.constants import StaffRole

from .factories import DL_FORM, PDF, citizen, licensed_centre, open_walk_in, pay_in_full, staff

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


@pytest.fixture
def world():
    centre_a, centre_b = licensed_centre(name="مركز أ"), licensed_centre(name="مركز ب")
    clerk_a, clerk_b = staff(centre_a), staff(centre_b)
    manager_a = staff(centre_a, role=StaffRole.MANAGER)
    owner, other = citizen(), citizen()
    case = open_walk_in(centre_a, clerk_a, owner)
    rop_officer = UserFactory(role=Role.INSTITUTION_OFFICER)
    InstitutionMembership.objects.create(user=rop_officer, institution=Institution.objects.get(code="ROP"))
    mol_officer = UserFactory(role=Role.INSTITUTION_OFFICER)
    InstitutionMembership.objects.create(user=mol_officer, institution=Institution.objects.get(code="MOL"))
    regulator = UserFactory(role=Role.REGULATOR)
    return {
        "case": case,
        "clerk_a": clerk_a,
        "manager_a": manager_a,
        "clerk_b": clerk_b,
        "owner": owner,
        "other": other,
        "rop_officer": rop_officer,
        "mol_officer": mol_officer,
        "regulator": regulator,
        "centre_a": centre_a,
    }


# who → (sees it in lists and detail, may act on it)
MATRIX = {
    "clerk_a": (True, True),
    "manager_a": (True, True),
    "clerk_b": (False, False),
    "owner": (True, False),
    "other": (False, False),
    "rop_officer": (False, False),  # only once it reaches the institution
    "mol_officer": (False, False),
    "regulator": (True, False),
}


@pytest.mark.parametrize("who", MATRIX)
def test_tenancy_matrix(world, api_client, who):
    sees, acts = MATRIX[who]
    case = world["case"]
    client = authed(api_client, world[who])
    listed = [c["reference"] for c in client.get("/api/v1/cases/").json()["results"]]
    assert (case.reference in listed) == sees
    detail = client.get(f"/api/v1/cases/{case.reference}/")
    assert detail.status_code == (200 if sees else 404)
    for path in ("events/", "documents/", "custody/"):
        assert client.get(f"/api/v1/cases/{case.reference}/{path}").status_code == (200 if sees else 404)
    response = client.post(f"/api/v1/cases/{case.reference}/transitions/", {"action": "start"}, format="json")
    assert response.status_code == (200 if acts else 403 if sees else 404)
    assert response["Content-Type"] == ("application/json" if acts else PROBLEM)
    upload = client.post(
        f"/api/v1/cases/{case.reference}/documents/",
        {"file": SimpleUploadedFile("eye.pdf", PDF), "document_type": "eye_test_certificate"},
        format="multipart",
    )
    assert upload.status_code in ((201,) if acts else (403, 404, 409))
    assert CaseDocument.objects.count() == (1 if acts else 0)


def test_the_institution_officer_sees_the_case_once_it_reaches_them(world, api_client):
    case, clerk = world["case"], world["clerk_a"]
    client = authed(api_client, clerk)
    client.post(f"/api/v1/cases/{case.reference}/transitions/", {"action": "start"}, format="json")
    client.post(
        f"/api/v1/cases/{case.reference}/documents/",
        {"file": SimpleUploadedFile("eye.pdf", PDF), "document_type": "eye_test_certificate"},
        format="multipart",
    )
    pay_in_full(case, clerk)
    response = client.post(
        f"/api/v1/cases/{case.reference}/transitions/",
        {"action": "submit_to_institution", "institution_reference": "ROP-778812"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    rop = authed(api_client, world["rop_officer"])
    assert rop.get(f"/api/v1/cases/{case.reference}/").status_code == 200
    assert authed(api_client, world["mol_officer"]).get(f"/api/v1/cases/{case.reference}/").status_code == 404


def test_a_reference_with_a_wrong_check_digit_is_a_400_not_a_match(world, api_client):
    case = world["case"]
    wrong = case.reference[:-1] + str((int(case.reference[-1]) + 1) % 10)
    response = authed(api_client, world["clerk_a"]).get(f"/api/v1/cases/{wrong}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["errors"]["reference"] == ["Wrong check digit."]


def test_an_unknown_valid_reference_is_a_404(world, api_client):
    response = authed(api_client, world["clerk_a"]).get(f"/api/v1/cases/{format_reference(2026, 9999999)}/")
    assert response.status_code == 404


def test_a_transition_out_of_the_table_is_a_409_naming_the_state(world, api_client):
    case = world["case"]
    response = authed(api_client, world["clerk_a"]).post(
        f"/api/v1/cases/{case.reference}/transitions/",
        {"action": "close"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    assert "Accepted" in response.json()["detail"]
    assert response.json()["current_state"] == "accepted"


def test_opening_a_walk_in_through_the_api_with_an_idempotency_key(world, api_client):
    client = authed(api_client, world["clerk_a"])
    body = {
        "centre": world["centre_a"].pk,
        "service": "ROP-DL-RENEW",
        "channel": "walk_in",
        "form_data": DL_FORM,
        "government_fee": 10000,
        "citizen": {"id_number": "87654321", "mobile": "99887766", "full_name_ar": "خالد"},
    }
    first = client.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.json()
    second = client.post("/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert second.status_code == 201
    assert first.json()["reference"] == second.json()["reference"]
    assert Case.objects.count() == 2  # the fixture's case and this one
    assert first.json()["fee"] == {"government_fee": 10000, "centre_fee": 1500, "vat": 75, "total": 11575}
    assert "start" in first.json()["allowed_actions"]


def test_form_errors_come_back_per_field_in_the_callers_language(world, api_client):
    client = authed(api_client, world["clerk_a"])
    body = {
        "centre": world["centre_a"].pk,
        "service": "ROP-DL-RENEW",
        "channel": "walk_in",
        "form_data": {**DL_FORM, "licence_class": "spaceship"},
        "government_fee": 10000,
        "citizen": {"id_number": world["owner"].citizen_profile.id_number},
    }
    english = client.post("/api/v1/cases/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    arabic = client.post("/api/v1/cases/", body, format="json")
    assert english.status_code == arabic.status_code == 422
    assert english.json()["errors"] != arabic.json()["errors"]
    assert Case.objects.count() == 1


def test_a_path_traversal_file_name_is_refused_over_http(world, api_client):
    case = world["case"]
    boundary = "XyZ"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="document_type"\r\n\r\neye_test_certificate\r\n'
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="../../etc/passwd.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + PDF
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = authed(api_client, world["clerk_a"]).generic(
        "POST",
        f"/api/v1/cases/{case.reference}/documents/",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "must not contain folders" in response.json()["detail"]
    assert CaseDocument.objects.count() == 0


def test_documents_download_only_through_the_permission_checked_view(world, api_client):
    case = world["case"]
    client = authed(api_client, world["clerk_a"])
    created = client.post(
        f"/api/v1/cases/{case.reference}/documents/",
        {"file": SimpleUploadedFile("eye.pdf", PDF), "document_type": "eye_test_certificate"},
        format="multipart",
    ).json()
    url = f"/api/v1/cases/{case.reference}/documents/{created['id']}/download/"
    assert b"".join(client.get(url).streaming_content) == PDF
    assert authed(api_client, world["clerk_b"]).get(url).status_code == 404


def test_public_tracking_reveals_nothing_for_a_wrong_pair(world, api_client):
    case, owner = world["case"], world["owner"]
    suffix = owner.citizen_profile.id_number[-4:]
    ok = api_client.post(
        "/api/v1/public/track/", {"reference": case.reference, "civil_suffix": suffix}, format="json"
    )
    assert ok.status_code == 200
    assert ok.json()["state"] == "accepted"
    assert "citizen" not in ok.json() and "form_data" not in ok.json()
    wrong_digits = api_client.post(
        "/api/v1/public/track/", {"reference": case.reference, "civil_suffix": "0000"}, format="json"
    )
    unknown = api_client.post(
        "/api/v1/public/track/",
        {"reference": format_reference(2026, 7777777), "civil_suffix": suffix},
        format="json",
    )
    assert wrong_digits.status_code == unknown.status_code == 404
    assert wrong_digits.json()["detail"] == unknown.json()["detail"]
