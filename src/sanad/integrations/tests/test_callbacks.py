"""Decisions coming back by signed callback: only a valid, fresh, first-seen, allowed decision
changes anything; everything else is a problem+json 401/404/409/422 and nothing changes."""

import base64
import time

import pytest

from sanad.cases.constants import CaseState
from sanad.cases.models import Case, CaseDocument
from sanad.cases.tests.factories import EXE

from .. import transport
from ..models import MessageLog, ReceivedWebhook
from .factories import FakeInstitution, case_ready, pdf_b64, signed, submit, webhook_connector

pytestmark = pytest.mark.django_db
URL = "/api/v1/integrations/callbacks/ROP/"


@pytest.fixture
def case(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(transport, "send", FakeInstitution())
    webhook_connector()
    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    case.refresh_from_db()
    return case


def _post(client, raw, headers):
    return client.post(URL, data=raw, content_type="application/json", **headers)


def _unchanged(case):
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.state == CaseState.SUBMITTED_TO_INSTITUTION
    assert fresh.events.count() == case.events.count()
    assert not CaseDocument.objects.filter(case=case, role="outcome").exists()
    assert not ReceivedWebhook.objects.exists()


def _approval(case, **extra):
    return {
        "reference": case.reference,
        "decision": "approve",
        "institution_reference": "ROP-DL-55",
        "document": {"name": "licence.pdf", "content_base64": pdf_b64()},
        **extra,
    }


def test_a_signed_approval_completes_the_case_with_the_issued_document(client, case):
    raw, headers = signed(_approval(case))
    response = _post(client, raw, headers)
    assert response.status_code == 200, response.content
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.state == CaseState.COMPLETED
    assert fresh.institution_reference == "ROP-1"  # the reference given on delivery stands
    outcome = CaseDocument.objects.get(case=case, role="outcome")
    assert outcome.original_name == "licence.pdf"
    event = fresh.events.last()
    assert event.action == "complete" and event.actor is None and event.data == {"institution": "ROP"}
    log = MessageLog.objects.filter(direction="in").get()
    assert log.status == 200 and log.ok and log.webhook_id == "msg_cb_1"


def test_more_information_sends_the_case_back_to_the_citizen_with_the_note(client, case):
    raw, headers = signed({"reference": case.reference, "decision": "more_info", "note": "صورة أوضح للبطاقة"})
    assert _post(client, raw, headers).status_code == 200
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.state == CaseState.AWAITING_CITIZEN
    assert fresh.citizen_deadline is not None
    assert fresh.events.last().note == "صورة أوضح للبطاقة"


def test_a_rejection_records_the_reason(client, case):
    raw, headers = signed({"reference": case.reference, "decision": "reject", "note": "مخالفات غير مسددة"})
    assert _post(client, raw, headers).status_code == 200
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.state == CaseState.REJECTED and fresh.decision_note == "مخالفات غير مسددة"


@pytest.mark.parametrize(
    "tamper",
    ["wrong_secret", "missing", "expired", "future", "body_changed"],
)
def test_a_bad_signature_is_a_401_and_changes_nothing(client, case, tamper):
    body = _approval(case)
    if tamper == "wrong_secret":
        raw, headers = signed(body, secret="whsec_" + base64.b64encode(b"x" * 32).decode())
    elif tamper == "expired":
        raw, headers = signed(body, timestamp=int(time.time()) - 400)
    elif tamper == "future":
        raw, headers = signed(body, timestamp=int(time.time()) + 400)
    else:
        raw, headers = signed(body)
    if tamper == "missing":
        headers = {}
    if tamper == "body_changed":
        raw = raw.replace(b"approve", b"reject ")
    response = _post(client, raw, headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["detail"]
    _unchanged(case)
    assert MessageLog.objects.filter(direction="in", status=401).count() == 1


def test_a_replayed_webhook_id_is_a_409_and_applies_nothing_twice(client, case):
    raw, headers = signed({"reference": case.reference, "decision": "more_info", "note": "ناقص"})
    assert _post(client, raw, headers).status_code == 200
    events = Case.objects.get(pk=case.pk).events.count()
    response = _post(client, raw, headers)
    assert response.status_code == 409
    assert Case.objects.get(pk=case.pk).events.count() == events


def test_a_decision_the_table_does_not_allow_now_is_a_409_naming_the_state(client, case):
    Case.objects.filter(pk=case.pk).update(state=CaseState.IN_PROGRESS)
    raw, headers = signed(_approval(case))
    response = _post(client, raw, headers)
    assert response.status_code == 409
    assert "قيد الإنجاز" in response.json()["detail"]
    assert Case.objects.get(pk=case.pk).state == CaseState.IN_PROGRESS
    assert not CaseDocument.objects.filter(case=case, role="outcome").exists()
    assert not ReceivedWebhook.objects.exists()


def test_a_callback_for_a_case_at_another_institution_is_a_409(client, case):
    from sanad.catalogue.models import Institution

    other = Institution.objects.exclude(code="ROP").first()
    case.service.__class__.objects.filter(pk=case.service_id).update(institution=other)
    raw, headers = signed(_approval(case))
    assert _post(client, raw, headers).status_code == 409
    case.service.__class__.objects.filter(pk=case.service_id).update(
        institution=Institution.objects.get(code="ROP")
    )
    _unchanged(case)


@pytest.mark.parametrize(
    ("document", "status"),
    [
        ({"name": "virus.exe", "content_base64": base64.b64encode(EXE).decode()}, 422),
        (
            {
                "name": "big.pdf",
                "content_base64": base64.b64encode(b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1)).decode(),
            },
            422,
        ),
        ({"name": "x.pdf", "content_base64": "not base64!"}, 422),
        (None, 422),
    ],
)
def test_an_issued_document_of_the_wrong_type_or_too_large_is_refused(client, case, document, status):
    raw, headers = signed(_approval(case, document=document))
    response = _post(client, raw, headers)
    assert response.status_code == status
    assert response.json()["detail"]
    _unchanged(case)


def test_a_rejection_without_a_reason_is_refused(client, case):
    raw, headers = signed({"reference": case.reference, "decision": "reject", "note": " "})
    assert _post(client, raw, headers).status_code == 422
    _unchanged(case)


def test_a_body_that_is_not_json_is_a_400(client, case):
    raw, headers = signed(b"{not json")
    assert _post(client, raw, headers).status_code == 400
    _unchanged(case)


def test_an_unknown_institution_code_is_a_404(client, case):
    raw, headers = signed(_approval(case))
    assert (
        client.post(
            "/api/v1/integrations/callbacks/NOPE/", data=raw, content_type="application/json", **headers
        ).status_code
        == 404
    )
    _unchanged(case)
