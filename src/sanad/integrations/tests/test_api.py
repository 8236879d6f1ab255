"""The institutions' pull API, the operators' view, and what the cases API says about delivery and
about who did what."""

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.cases.constants import CaseState
from sanad.cases.models import Case, CaseDocument
from sanad.cases.tests.factories import EXE, PDF, upload

from .. import transport
from ..transport import Answer
from .factories import FakeInstitution, case_ready, officer, signed, submit, webhook_connector

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    return client


@pytest.fixture
def portal_case(django_capture_on_commit_callbacks):
    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    case.refresh_from_db()
    return case


def test_an_officer_pulls_the_cases_waiting_for_their_institution(portal_case):
    response = client_for(officer("ROP")).get("/api/v1/institution/cases/")
    assert response.status_code == 200
    [row] = response.json()
    assert row["reference"] == portal_case.reference
    assert row["idempotency_key"] == f"{portal_case.reference}:1"
    assert row["documents"] and row["documents"][0]["download_url"].startswith("http")
    assert client_for(officer("MOL")).get("/api/v1/institution/cases/").json() == []


def test_the_signed_document_link_serves_the_file_and_a_forged_one_does_not(portal_case, client):
    row = client_for(officer("ROP")).get("/api/v1/institution/cases/").json()[0]
    path = "/" + row["documents"][0]["download_url"].split("/", 3)[3]
    assert client.get(path).status_code == 200
    assert client.get(path[:-6] + "xxxxx/").status_code == 404


def test_an_officer_approves_with_the_issued_document_through_the_api(portal_case):
    response = client_for(officer("ROP")).post(
        f"/api/v1/institution/cases/{portal_case.reference}/decision/",
        {"decision": "approve", "document": upload(PDF, "licence.pdf"), "institution_reference": "ROP-77"},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    fresh = Case.objects.get(pk=portal_case.pk)
    assert fresh.state == CaseState.COMPLETED and fresh.institution_reference == "ROP-77"
    assert CaseDocument.objects.filter(case=fresh, role="outcome", is_current=True).count() == 1


def test_a_decision_with_another_institutions_token_is_a_404_and_changes_nothing(portal_case):
    response = client_for(officer("MOL")).post(
        f"/api/v1/institution/cases/{portal_case.reference}/decision/", {"decision": "reject", "note": "x"}
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert Case.objects.get(pk=portal_case.pk).state == CaseState.SUBMITTED_TO_INSTITUTION


def test_a_wrong_document_type_through_the_api_is_a_422_and_changes_nothing(portal_case):
    response = client_for(officer("ROP")).post(
        f"/api/v1/institution/cases/{portal_case.reference}/decision/",
        {"decision": "approve", "document": upload(EXE, "licence.pdf")},
        format="multipart",
    )
    assert response.status_code == 422
    assert Case.objects.get(pk=portal_case.pk).state == CaseState.SUBMITTED_TO_INSTITUTION
    assert not CaseDocument.objects.filter(case=portal_case, role="outcome").exists()


def test_a_second_decision_on_a_decided_case_is_a_409(portal_case):
    api = client_for(officer("ROP"))
    url = f"/api/v1/institution/cases/{portal_case.reference}/decision/"
    assert api.post(url, {"decision": "reject", "note": "ناقص"}).status_code == 200
    response = api.post(url, {"decision": "reject", "note": "ناقص"})
    assert response.status_code in (404, 409)  # rejected cases stay visible: 409 naming the state
    assert Case.objects.get(pk=portal_case.pk).events.filter(action="reject").count() == 1


def test_the_pull_api_is_for_officers_only(portal_case, clerk):
    assert client_for(clerk).get("/api/v1/institution/cases/").status_code == 403


def test_event_actors_say_who_acted_and_for_which_institution(
    portal_case, django_capture_on_commit_callbacks
):
    from sanad.catalogue.models import Institution
    from sanad.integrations.services import decision_apply

    decision_apply(
        case_id=portal_case.pk,
        institution=Institution.objects.get(code="ROP"),
        decision="more_info",
        note="ناقص",
    )
    regulator = UserFactory(role=Role.REGULATOR)
    events = client_for(regulator).get(f"/api/v1/cases/{portal_case.reference}/events/").json()
    kinds = [e["actor"]["kind"] for e in events]
    assert kinds[0] == "staff" and kinds[-1] == "institution"
    assert events[-1]["actor"]["institution"] == "ROP" and events[-1]["actor"]["name"]


def test_each_case_in_the_api_carries_its_delivery(monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(transport, "send", FakeInstitution(Answer(503, b"")))
    webhook_connector()
    case, clerk = case_ready()
    api = client_for(clerk)
    assert api.get(f"/api/v1/cases/{case.reference}/").json()["delivery"]["state"] == "not_sent"
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    delivery = api.get(f"/api/v1/cases/{case.reference}/").json()["delivery"]
    assert delivery == {
        "state": "queued",
        "attempts": 1,
        "institution_reference": "",
        "last_error": "503 from the institution",
    }


def test_operators_see_every_institutions_queue_and_officers_their_own(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(transport, "send", FakeInstitution(Answer(503, b"")))
    webhook_connector("ROP")
    webhook_connector("MOL")
    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    rows = client_for(UserFactory(role=Role.REGULATOR)).get("/api/v1/integrations/institutions/").json()
    rop = next(r for r in rows if r["code"] == "ROP")
    assert {r["code"] for r in rows} == {"ROP", "MOL"}
    assert rop["health"] == "degraded" and rop["queued"] == 1 and rop["failed_24h"] == 1
    assert set(rop) == {
        "code",
        "connector",
        "health",
        "queued",
        "oldest_queued_seconds",
        "delivered_24h",
        "failed_24h",
        "last_success_at",
    }
    mine = client_for(officer("MOL")).get("/api/v1/integrations/institutions/").json()
    assert [r["code"] for r in mine] == ["MOL"]
    assert client_for(clerk).get("/api/v1/integrations/institutions/").status_code == 403


def test_the_callback_and_the_inbox_share_one_decision_service(
    monkeypatch, client, django_capture_on_commit_callbacks
):
    """The same bad decision gets the same answer by callback and by the pull API."""
    monkeypatch.setattr(transport, "send", FakeInstitution())
    webhook_connector()
    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    raw, headers = signed({"reference": case.reference, "decision": "reject", "note": ""})
    by_callback = client.post(
        "/api/v1/integrations/callbacks/ROP/", data=raw, content_type="application/json", **headers
    )
    by_api = client_for(officer("ROP")).post(
        f"/api/v1/institution/cases/{case.reference}/decision/", {"decision": "reject", "note": ""}
    )
    assert by_callback.status_code == by_api.status_code == 422
    assert by_callback.json()["detail"] == by_api.json()["detail"]
