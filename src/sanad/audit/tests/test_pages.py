"""The citizen's My data page and the reviewers' corrections page."""

import pytest

from sanad.audit.models import DataExport, RectificationRequest
from sanad.cases.tests.factories import citizen, licensed_centre, open_walk_in, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    centre = licensed_centre()
    clerk = staff(centre)
    person = citizen()
    case = open_walk_in(centre, clerk, person)
    return centre, clerk, person, case


def test_the_citizen_page_downloads_a_copy_and_says_why_erasure_must_wait(client, world):
    _centre, _clerk, person, case = world
    client.force_login(person)
    page = client.get("/my/data/").content.decode()
    assert 'data-testid="erasure-blockers"' in page and case.reference in page
    response = client.post("/my/data/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert DataExport.objects.filter(person=person).count() == 1
    refused = client.post("/my/data/erasure/", {})
    body = refused.content.decode()
    assert refused.status_code == 409 and case.reference in body
    assert body.count(case.reference) == 1, "each reason is said once, in the error"


def test_a_withdrawn_erasure_shows_no_date_to_carry_it_out(client, world):
    from sanad.audit import rights
    from sanad.cases.models import Case

    _centre, _clerk, person, case = world
    Case.objects.filter(pk=case.pk).update(state="cancelled")
    erasure = rights.erasure_request(person=person)
    client.force_login(person)
    client.cookies["sanad_language"] = "en"
    assert "to be carried out after" in client.get("/my/data/").content.decode()
    assert client.post(f"/my/data/erasure/{erasure.pk}/withdraw/").status_code == 302
    page = client.get("/my/data/").content.decode()
    assert "Withdrawn" in page and "to be carried out after" not in page and "asked on" in page


def test_a_correction_from_the_page_is_approved_by_the_centre(client, world):
    _centre, clerk, person, _case = world
    client.force_login(person)
    assert (
        client.post("/my/data/correction/", {"field": "full_name_en", "value": "Salim Ali"}).status_code
        == 302
    )
    request = RectificationRequest.objects.get(person=person)
    client.force_login(clerk)
    assert "Salim Ali" in client.get("/corrections/").content.decode()
    refused = client.post(f"/corrections/{request.pk}/", {"decision": "reject"})
    assert refused.status_code == 422  # a refusal needs a reason
    assert client.post(f"/corrections/{request.pk}/", {"decision": "approve"}).status_code == 302
    person.refresh_from_db()
    assert person.full_name_en == "Salim Ali"


def test_consent_toggles_on_the_page(client, world):
    _centre, _clerk, person, _case = world
    client.force_login(person)
    client.post("/my/data/consent/", {"purpose": "notifications", "given": "1"})
    assert person.consents.filter(purpose="notifications", withdrawn_at__isnull=True).exists()
    client.post("/my/data/consent/", {"purpose": "notifications", "given": "0"})
    assert not person.consents.filter(purpose="notifications", withdrawn_at__isnull=True).exists()


def test_the_pages_are_for_their_audiences(client, world):
    _centre, clerk, person, _case = world
    client.force_login(clerk)
    assert client.get("/my/data/").status_code == 403
    client.force_login(person)
    assert client.get("/corrections/").status_code == 403
    assert client.get("/regulator/audit/").status_code == 403
