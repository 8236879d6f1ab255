"""Personal data rights: the export, erasure with retention (moved clock), corrections, consent."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from conftest import authed
from django.utils import timezone

from sanad.audit import rights
from sanad.audit.models import AuditEntry, DataExport, ErasureRequest, RectificationRequest
from sanad.cases.models import Case, CaseEvent
from sanad.cases.services import case_transition
from sanad.cases.tests.factories import (
    PDF,
    citizen,
    licensed_centre,
    open_walk_in,
    pay_in_full,
    staff,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    centre = licensed_centre()
    clerk = staff(centre)
    person = citizen(full_name_ar="سالم البلوشي", full_name_en="Salim Al Balushi")
    case = open_walk_in(centre, clerk, person)
    return centre, clerk, person, case


def _close(case, clerk):
    """Walk a case to closed (cancelling is the shortest way to a final state)."""
    case_transition(case_id=case.pk, action="cancel", actor=clerk, note="طلب المواطن")
    case.refresh_from_db()
    return case


def _document(case, clerk):
    from sanad.cases.services import document_upload

    return document_upload(
        case=case,
        actor=clerk,
        uploaded=upload(PDF, "passport.pdf"),
        document_type_code="eye_test_certificate",
    )


# --- export --------------------------------------------------------------------------------------
def test_a_citizen_downloads_all_their_data_and_the_export_is_recorded(api_client, world):
    _centre, clerk, person, case = world
    _document(case, clerk)
    response = authed(api_client, person).get("/api/v1/me/data-export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert "data.json" in names and "summary.pdf" in names
    assert any(n.startswith(f"documents/{case.reference}/") for n in names)
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["full_name_ar"] == "سالم البلوشي"
    assert data["cases"][0]["reference"] == case.reference and data["cases"][0]["events"]
    assert archive.read("summary.pdf").startswith(b"%PDF")
    record = DataExport.objects.get(person=person)
    assert response["X-Export-SHA256"] == record.sha256
    entry = AuditEntry.objects.filter(operation="export", subject_id=person.pk).get()
    assert entry.actor == person.username and entry.object == f"accounts.user:{person.pk}"


def test_an_export_record_of_someone_else_is_404(api_client, world):
    _centre, _clerk, person, _case = world
    authed(api_client, person).get("/api/v1/me/data-export/")
    record = DataExport.objects.get(person=person)
    other = citizen()
    assert authed(api_client, other).get(f"/api/v1/me/data-exports/{record.pk}/").status_code == 404
    assert (
        authed(api_client, person).get(f"/api/v1/me/data-exports/{record.pk}/").json()["sha256"]
        == record.sha256
    )


def test_the_export_service_refuses_to_build_someone_elses_data(world):
    from sanad.audit.export import data_export
    from sanad.core.errors import NotFound

    _centre, clerk, person, _case = world
    with pytest.raises(NotFound):
        data_export(person=person, actor=clerk)
    assert DataExport.objects.count() == 0


def test_staff_cannot_use_the_citizen_export(api_client, world):
    _centre, clerk, *_rest = world
    assert authed(api_client, clerk).get("/api/v1/me/data-export/").status_code == 403


# --- erasure -------------------------------------------------------------------------------------
def test_an_erasure_request_with_an_open_case_is_refused_with_the_reason(api_client, world):
    _centre, _clerk, person, case = world
    response = authed(api_client, person).post("/api/v1/me/erasure-request/", {})
    assert response.status_code == 409
    body = response.json()
    assert case.reference in body["detail"] and body["errors"]["reasons"]
    assert f"\u2066{case.reference}\u2069" in body["errors"]["reasons"][0]  # reads left to right in Arabic
    assert ErasureRequest.objects.count() == 0


def test_an_erasure_request_while_money_is_owed_back_is_refused(api_client, world):
    from django.db import transaction

    from sanad.payments.arithmetic import Breakdown
    from sanad.payments.models import Refund
    from sanad.payments.services.refunds import refund_issue

    _centre, clerk, person, case = world
    payment = pay_in_full(case, clerk)
    with transaction.atomic():
        refund_issue(payment=payment, part=Breakdown(government_fee=1000), reason="cancelled", actor=None)
    assert Refund.objects.filter(case=case, state="due").exists()
    response = authed(api_client, person).post("/api/v1/me/erasure-request/", {}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 409
    assert any("مبلغ مسترد" in reason for reason in response.json()["errors"]["reasons"])
    assert ErasureRequest.objects.count() == 0


def _mark_closed(case):
    """The blockers read only the state; the workflow to closed is tested in cases."""
    Case.objects.filter(pk=case.pk).update(state="closed", closed_at=timezone.now())


def test_an_erasure_request_while_a_closed_case_is_unpaid_is_refused(api_client, world):
    _centre, _clerk, person, case = world
    _mark_closed(case)
    response = authed(api_client, person).post("/api/v1/me/erasure-request/", {}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 409
    reasons = response.json()["errors"]["reasons"]
    assert len(reasons) == 1 and case.reference in reasons[0]
    assert ErasureRequest.objects.count() == 0


def test_a_refund_for_an_upheld_complaint_is_not_money_owed(api_client, world):
    """A complaint refund lowers what was due; it is not a debt that blocks erasure."""
    from django.db import transaction

    from sanad.payments.arithmetic import Breakdown
    from sanad.payments.services.refunds import refund_issue, refund_pay_out

    _centre, clerk, person, case = world
    payment = pay_in_full(case, clerk)
    with transaction.atomic():
        refund = refund_issue(
            payment=payment, part=Breakdown(centre_fee=500), reason="complaint_upheld", actor=clerk
        )
    if refund.state == "due":
        refund_pay_out(refund_id=refund.pk, actor=clerk)
    _mark_closed(case)
    assert rights.erasure_blockers(person) == []
    assert authed(api_client, person).post("/api/v1/me/erasure-request/", {}).status_code == 201
    assert ErasureRequest.objects.filter(person=person, state="scheduled").count() == 1


def test_an_overpayment_handed_back_still_leaves_the_fee_paid(world):
    from django.db import transaction

    from sanad.payments.arithmetic import Breakdown
    from sanad.payments.services.payments import payment_create
    from sanad.payments.services.refunds import refund_issue, refund_pay_out

    _centre, clerk, person, case = world
    payment = pay_in_full(case, clerk)
    with transaction.atomic():
        refund = refund_issue(payment=payment, part=Breakdown(centre_fee=500), reason="overpaid", actor=clerk)
    if refund.state == "due":
        refund_pay_out(refund_id=refund.pk, actor=clerk)
    state = Case.objects.get(pk=case.pk).state
    _mark_closed(case)
    assert rights.erasure_blockers(person), "500 baisa of the fee handed back as 'overpaid' leaves it unpaid"
    Case.objects.filter(pk=case.pk).update(state=state, closed_at=None)
    case.refresh_from_db()
    payment_create(case=case, actor=clerk, method="cash", amount=500)
    _mark_closed(case)
    assert rights.erasure_blockers(person) == []


def test_erasure_waits_for_the_retention_rule_then_pseudonymises_and_deletes_documents(api_client, world):
    from django.core.files.storage import storages

    _centre, clerk, person, case = world
    document = _document(case, clerk)
    stored = document.file.name
    assert storages["private"].exists(stored)
    _close(case, clerk)
    response = authed(api_client, person).post(
        "/api/v1/me/erasure-request/", {"reason": "لم أعد أحتاج الحساب"}
    )
    assert response.status_code == 201
    erasure = ErasureRequest.objects.get(person=person)
    assert erasure.erase_after >= timezone.now() + timedelta(days=1824)
    receipts_before = list(
        Case.objects.filter(pk=case.pk).values_list("total", "state", "centre_id", "service_id")
    )
    events_before = CaseEvent.objects.filter(case=case).count()

    assert rights.erasures_run() == 0  # not yet: the closed case is kept for five years
    person.refresh_from_db()
    assert person.full_name_ar == "سالم البلوشي"

    with time_machine.travel(erasure.erase_after + timedelta(hours=1), tick=False):
        assert rights.erasures_run() == 1
    person.refresh_from_db()
    erasure.refresh_from_db()
    assert erasure.state == "done"
    assert person.username.startswith("erased-") and person.full_name_ar == "" and person.mobile == ""
    assert not person.is_active and not person.has_usable_password()
    assert person.citizen_profile.id_number.startswith("X")
    document.refresh_from_db()
    assert document.file.name == "" and not storages["private"].exists(stored)
    assert document.original_name == "—"
    # statistics and the books are untouched; history rows stay as they were
    assert (
        list(Case.objects.filter(pk=case.pk).values_list("total", "state", "centre_id", "service_id"))
        == receipts_before
    )
    assert CaseEvent.objects.filter(case=case).count() == events_before
    # the trail records that the fields changed, not what they held
    erased = AuditEntry.objects.filter(object=f"accounts.user:{person.pk}", operation="update").last()
    assert erased.changes["full_name_ar"][0] == "••••"
    assert "سالم" not in json.dumps(erased.changes, ensure_ascii=False)
    from sanad.audit import chain

    assert chain.verify()[1] is None


def test_an_erasure_request_of_someone_else_is_404(api_client, world):
    _centre, clerk, person, case = world
    _close(case, clerk)
    created = authed(api_client, person).post("/api/v1/me/erasure-request/", {}).json()
    other = citizen()
    client = authed(api_client, other)
    assert client.get(f"/api/v1/me/erasure-requests/{created['id']}/").status_code == 404
    assert client.delete(f"/api/v1/me/erasure-requests/{created['id']}/").status_code == 404
    assert ErasureRequest.objects.get(pk=created["id"]).state == "scheduled"


def test_a_withdrawn_erasure_is_not_carried_out(api_client, world):
    _centre, clerk, person, case = world
    _close(case, clerk)
    created = authed(api_client, person).post("/api/v1/me/erasure-request/", {}).json()
    assert (
        authed(api_client, person).delete(f"/api/v1/me/erasure-requests/{created['id']}/").status_code == 200
    )
    with time_machine.travel(timezone.now() + timedelta(days=4000), tick=False):
        assert rights.erasures_run() == 0
    person.refresh_from_db()
    assert person.is_active


def test_retention_periods_are_data(world):
    from sanad.audit.models import RetentionRule

    _centre, clerk, person, case = world
    _close(case, clerk)
    RetentionRule.objects.filter(kind__in=["closed_case", "case_document"]).update(keep_days=10)
    erasure = rights.erasure_request(person=person)
    assert erasure.erase_after <= timezone.now() + timedelta(days=31)


# --- rectification ---------------------------------------------------------------------------------
def test_a_name_correction_is_reviewed_by_the_centre_and_audited(api_client, world):
    _centre, clerk, person, _case = world
    response = authed(api_client, person).post(
        "/api/v1/me/corrections/",
        {"field": "full_name_ar", "value": "سالم بن علي البلوشي", "reason": "خطأ إملائي"},
    )
    assert response.status_code == 201
    request = RectificationRequest.objects.get(pk=response.json()["id"])
    person.refresh_from_db()
    assert person.full_name_ar == "سالم البلوشي"  # not before review
    rights.rectification_review(request_id=request.pk, reviewer=clerk, approve=True)
    person.refresh_from_db()
    assert person.full_name_ar == "سالم بن علي البلوشي"
    entry = AuditEntry.objects.filter(object=f"accounts.user:{person.pk}", operation="update").last()
    assert entry.actor == clerk.username and entry.changes["full_name_ar"] == [
        "سالم البلوشي",
        "سالم بن علي البلوشي",
    ]
    assert str(request.pk) in entry.note


def test_staff_of_another_centre_cannot_review_and_a_bad_mobile_is_refused(api_client, world):
    from sanad.core.errors import NotFound

    _centre, _clerk, person, _case = world
    bad = authed(api_client, person).post("/api/v1/me/corrections/", {"field": "mobile", "value": "123"})
    assert bad.status_code == 422 and RectificationRequest.objects.count() == 0
    made = rights.rectification_request(person=person, field="mobile", value="92345678")
    assert made.requested_value == "+96892345678"
    stranger = staff(licensed_centre(name="مركز آخر"))
    with pytest.raises(NotFound):
        rights.rectification_review(request_id=made.pk, reviewer=stranger, approve=True)
    person.refresh_from_db()
    assert person.mobile != "+96892345678"


# --- consent --------------------------------------------------------------------------------------
def test_consent_is_recorded_with_its_time_and_can_be_withdrawn(api_client, world):
    _centre, _clerk, person, _case = world
    client = authed(api_client, person)
    given = client.post("/api/v1/me/consents/", {"purpose": "document_reuse", "given": True}).json()
    assert given["given"] and given["given_at"]
    listed = {c["purpose"]: c for c in client.get("/api/v1/me/consents/").json()}
    assert listed["document_reuse"]["given"] and not listed["notifications"]["given"]
    withdrawn = client.post("/api/v1/me/consents/", {"purpose": "document_reuse", "given": False}).json()
    assert withdrawn == {"purpose": "document_reuse", "given": False, "given_at": None}
    assert person.consents.get(purpose="document_reuse").withdrawn_at is not None
    assert client.post("/api/v1/me/consents/", {"purpose": "marketing", "given": True}).status_code in (
        400,
        422,
    )


def test_withdrawing_consent_to_messages_stops_notifications(world):
    _centre, _clerk, person, _case = world
    assert rights.notifications_allowed(person)
    rights.consent_set(person=person, purpose="notifications", given=True)
    rights.consent_set(person=person, purpose="notifications", given=False)
    assert not rights.notifications_allowed(person)
    rights.consent_set(person=person, purpose="notifications", given=True)
    assert rights.notifications_allowed(person)
