"""The officer's inbox, the delivery panel on the case page, the console banner, and the admin's
refusal of a misconfigured connector."""

import pytest
from django.urls import reverse

from sanad.accounts.constants import Role
from sanad.accounts.tests.factories import UserFactory
from sanad.accounts.tests.twofactor_helpers import sign_in_verified
from sanad.cases.constants import CaseState
from sanad.cases.models import Case, CaseDocument
from sanad.cases.tests.factories import EXE, PDF, upload
from sanad.catalogue.models import Institution

from .. import transport
from ..models import Connector
from ..transport import Answer
from .factories import FakeInstitution, case_ready, officer, submit, webhook_connector

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal_case(django_capture_on_commit_callbacks):
    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    case.refresh_from_db()
    return case


def test_the_inbox_lists_what_waits_for_the_officers_institution_only(client, portal_case):
    client.force_login(officer("ROP"))
    page = client.get("/institution/inbox/").content.decode()
    assert portal_case.reference in page and 'lang="ar"' in page
    client.force_login(officer("MOL"))
    assert portal_case.reference not in client.get("/institution/inbox/").content.decode()


def test_the_inbox_is_not_for_centre_staff(client, portal_case):
    client.force_login(UserFactory(role=Role.CENTRE_STAFF))
    assert client.get("/institution/inbox/").status_code == 403


def test_a_mistyped_reference_in_the_inbox_search_says_so(client, portal_case):
    client.force_login(officer("ROP"))
    response = client.get("/institution/inbox/?q=SND-2026-0000001-9")
    assert response.status_code == 400


def test_an_officer_approves_from_the_inbox_with_the_issued_document(client, portal_case):
    client.force_login(officer("ROP"))
    url = reverse("integrations:inbox-case", args=[portal_case.reference])
    assert "decision-form" in client.get(url).content.decode()
    response = client.post(url, {"decision": "approve", "document": upload(PDF, "licence.pdf")})
    assert response.status_code == 302
    fresh = Case.objects.get(pk=portal_case.pk)
    assert fresh.state == CaseState.COMPLETED
    assert fresh.events.last().actor.role == Role.INSTITUTION_OFFICER


def test_a_wrong_file_in_the_inbox_is_refused_with_the_reason_and_changes_nothing(client, portal_case):
    client.force_login(officer("ROP"))
    url = reverse("integrations:inbox-case", args=[portal_case.reference])
    response = client.post(url, {"decision": "approve", "document": upload(EXE, "licence.pdf")})
    assert response.status_code == 422
    assert "decision-error" in response.content.decode()
    assert Case.objects.get(pk=portal_case.pk).state == CaseState.SUBMITTED_TO_INSTITUTION
    assert not CaseDocument.objects.filter(case=portal_case, role="outcome").exists()


def test_asking_for_more_information_from_the_inbox_needs_what_is_missing(client, portal_case):
    client.force_login(officer("ROP"))
    url = reverse("integrations:inbox-case", args=[portal_case.reference])
    assert client.post(url, {"decision": "more_info", "note": ""}).status_code == 422
    assert client.post(url, {"decision": "more_info", "note": "شهادة فحص النظر"}).status_code == 302
    assert Case.objects.get(pk=portal_case.pk).state == CaseState.AWAITING_CITIZEN


def test_a_queued_case_shows_why_to_its_centre_and_the_console_shows_a_banner(
    client, monkeypatch, django_capture_on_commit_callbacks, settings
):
    settings.INTEGRATIONS_CIRCUIT_FAILURES = 1
    monkeypatch.setattr(transport, "send", FakeInstitution(Answer(503, b"")))
    webhook_connector()
    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    client.force_login(clerk)
    page = client.get(reverse("cases:centre-case", args=[case.reference])).content.decode()
    assert 'data-testid="delivery-reason"' in page and "message-log" in page
    console = client.get(reverse("cases:console")).content.decode()
    assert 'data-testid="console-banner"' in console
    assert Institution.objects.get(code="ROP").name_ar in console


def test_the_regulator_sees_the_message_log_on_the_case_page(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(transport, "send", FakeInstitution())
    webhook_connector()
    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    client.force_login(UserFactory(role=Role.REGULATOR))
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert "message-log" in page and "ROP-1" in page


def test_the_centre_resends_a_submission_that_needs_attention_in_one_click(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    fake = FakeInstitution(Answer(400, b""))
    monkeypatch.setattr(transport, "send", fake)
    webhook_connector()
    case, clerk = case_ready()
    with django_capture_on_commit_callbacks(execute=True):
        submit(case, clerk)
    client.force_login(clerk)
    page = client.get(reverse("cases:centre-case", args=[case.reference])).content.decode()
    assert 'data-testid="delivery-resend"' in page
    fake.answers = [Answer(202, b'{"reference": "R-2"}')]
    submission = case.submissions.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("integrations:resend", args=[submission.pk]))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == "delivered"


@pytest.mark.parametrize(
    ("fields", "reason_field"),
    [
        ({"kind": "webhook", "endpoint_url": "", "add_secrets": "whsec_" + "A" * 44}, "endpoint_url"),
        (
            {
                "kind": "webhook",
                "endpoint_url": "http://rop.example.om/in",
                "add_secrets": "whsec_" + "A" * 44,
            },
            "endpoint_url",
        ),
        ({"kind": "webhook", "endpoint_url": "https://rop.example.om/in", "add_secrets": ""}, "add_secrets"),
        (
            {"kind": "webhook", "endpoint_url": "https://rop.example.om/in", "add_secrets": "plain-password"},
            "add_secrets",
        ),
        ({"kind": "portal", "endpoint_url": "", "add_secrets": ""}, "kind"),
        ({"kind": "carrier_pigeon", "endpoint_url": "", "add_secrets": ""}, "kind"),
    ],
)
def test_a_misconfigured_connector_is_refused_in_the_admin_with_a_reason(client, fields, reason_field):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    sign_in_verified(client, admin)
    institution = Institution.objects.get(code="ROP")
    data = {
        "institution": institution.pk,
        "status_url": "",
        "timeout_seconds": 10,
        "cutoff_hours": 48,
        "is_active": "on",
        **fields,
    }
    response = client.post("/admin/integrations/connector/add/", data)
    assert response.status_code == 200  # the form again, with the reason
    assert reason_field in response.context["adminform"].form.errors
    assert not Connector.objects.exists()


def test_a_well_configured_connector_is_saved_in_the_admin(client):
    from .factories import SECRET

    sign_in_verified(client, UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
    data = {
        "institution": Institution.objects.get(code="ROP").pk,
        "kind": "webhook",
        "endpoint_url": "https://rop.example.om/in",
        "status_url": "",
        "add_secrets": SECRET,
        "timeout_seconds": 10,
        "cutoff_hours": 48,
        "is_active": "on",
    }
    assert client.post("/admin/integrations/connector/add/", data).status_code == 302
    assert Connector.objects.get().secrets == [SECRET]
