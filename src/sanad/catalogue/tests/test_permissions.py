"""Tenancy: an officer manages their own institution's services only; another institution's
service is a 404 (never revealed), in the API and in the console."""

import pytest
from conftest import authed

from sanad.catalogue import selectors, services
from sanad.core.errors import NotFound, PermissionDenied

pytestmark = pytest.mark.django_db

DRAFT_BODY = {"sla_hours": 12}


def test_selectors_give_each_officer_their_own_institutions_services(
    service_a, service_b, officer_a, officer_b
):
    assert list(selectors.services_managed_by(officer_a)) == [service_a]
    assert list(selectors.services_managed_by(officer_b)) == [service_b]
    with pytest.raises(NotFound):
        selectors.service_managed(officer_a, "BBB-PERMIT")


def test_an_admin_manages_every_service_and_others_none(
    service_a, service_b, admin_user, citizen, clerk, regulator
):
    assert set(selectors.services_managed_by(admin_user)) == {service_a, service_b} | set(
        selectors.services_managed_by(admin_user).exclude(pk__in=[service_a.pk, service_b.pk])
    )
    for user in (citizen, clerk, regulator):
        assert not selectors.services_managed_by(user).exists()


@pytest.mark.parametrize(
    ("who", "code", "expected"),
    [
        ("officer_a", "AAA-PERMIT", 201),
        ("officer_a", "BBB-PERMIT", 404),
        ("officer_b", "BBB-PERMIT", 201),
        ("officer_b", "AAA-PERMIT", 404),
        ("citizen", "AAA-PERMIT", 404),
        ("regulator", "AAA-PERMIT", 404),
        ("admin_user", "BBB-PERMIT", 201),
    ],
)
def test_drafting_through_the_api(api_client, service_a, service_b, who, code, expected, request):
    user = request.getfixturevalue(who)
    response = authed(api_client, user).post(f"/api/v1/services/{code}/versions/", DRAFT_BODY, format="json")
    assert response.status_code == expected, response.content
    service = service_a if code.startswith("AAA") else service_b
    assert service.versions.count() == (2 if expected == 201 else 1)


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_an_officer_cannot_edit_or_discard_another_institutions_draft(
    api_client, service_b, officer_a, officer_b, method
):
    draft = services.version_draft(actor=officer_b, service=service_b)
    client = authed(api_client, officer_a)
    response = getattr(client, method)(
        "/api/v1/services/BBB-PERMIT/versions/2/", {"sla_hours": 99}, format="json"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    draft.refresh_from_db()
    assert draft.sla_hours == 8


def test_an_officer_cannot_publish_or_retire_another_institutions_service(
    api_client, service_b, officer_a, officer_b
):
    draft = services.version_draft(actor=officer_b, service=service_b)
    client = authed(api_client, officer_a)
    assert client.post("/api/v1/services/BBB-PERMIT/versions/2/publish/").status_code == 404
    assert client.post("/api/v1/services/BBB-PERMIT/retire/").status_code == 404
    service_b.refresh_from_db()
    draft.refresh_from_db()
    assert draft.status == "draft" and service_b.current_version.number == 1


def test_anonymous_writes_need_authentication(api_client, service_a):
    assert api_client.post("/api/v1/services/AAA-PERMIT/versions/", {}, format="json").status_code == 401
    assert api_client.post("/api/v1/services/", {}, format="json").status_code == 401


def test_a_citizen_cannot_create_services(api_client, citizen):
    response = authed(api_client, citizen).post(
        "/api/v1/services/", {"code": "ROP-X-Y", "category": "vehicles"}, format="json"
    )
    assert response.status_code == 403


def test_services_refuse_a_foreign_officer(service_b, officer_a):
    with pytest.raises(NotFound):
        services.version_draft(actor=officer_a, service=service_b)
    with pytest.raises(NotFound):
        services.service_retire(actor=officer_a, service=service_b)
    assert service_b.versions.count() == 1


def test_an_officer_without_an_institution_cannot_create_services(db):
    from sanad.accounts.constants import Role
    from sanad.accounts.tests.factories import UserFactory

    lonely = UserFactory(role=Role.INSTITUTION_OFFICER)
    with pytest.raises(PermissionDenied):
        services.service_create(actor=lonely, code="AAA-X-Y", content={"category": "vehicles"})


@pytest.mark.parametrize(
    ("who", "own_status", "other_status"),
    [("officer_a", 200, 404), ("officer_b", 404, 200)],
)
def test_the_console_matrix(client, service_a, service_b, who, own_status, other_status, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/institution/services/AAA-PERMIT/").status_code == own_status
    assert client.get("/institution/services/BBB-PERMIT/").status_code == other_status
    assert client.post("/institution/services/AAA-PERMIT/draft/").status_code in (302, 404)
    assert service_a.versions.count() == (2 if own_status == 200 else 1)


@pytest.mark.parametrize("who", ["citizen", "clerk"])
def test_the_console_is_closed_to_other_roles(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/institution/").status_code == 403
    assert client.get("/regulator/caps/").status_code == 403


def test_the_console_lists_only_the_officers_institution(client, service_a, service_b, officer_a):
    client.force_login(officer_a)
    page = client.get("/institution/services/").content.decode()
    assert "AAA-PERMIT" in page and "BBB-PERMIT" not in page
